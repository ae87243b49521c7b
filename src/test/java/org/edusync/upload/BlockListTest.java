package org.edusync.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.edusync.upload.BlockList.Entry;
import org.edusync.upload.BlockList.Source;
import org.junit.jupiter.api.Test;

/** The Put Block List body: the three lists, order, canonical ids, and what Azure refuses. */
class BlockListTest {
    private static BlockList parse(String xml) {
        return BlockList.parse(xml.getBytes(StandardCharsets.UTF_8), 50_000);
    }

    @Test
    void keeps_the_order_and_the_list_of_every_entry() {
        BlockList list = parse("""
                <?xml version="1.0" encoding="utf-8"?>
                <BlockList>
                  <Committed>QUFB</Committed>
                  <Uncommitted>QkJC</Uncommitted>
                  <Latest> Q0ND </Latest>
                </BlockList>""");

        assertThat(list.entries()).containsExactly(new Entry(Source.COMMITTED, "QUFB"), new Entry(Source.UNCOMMITTED, "QkJC"),
                new Entry(Source.LATEST, "Q0ND"));
    }

    @Test
    void ids_are_made_canonical_so_padding_does_not_matter() {
        assertThat(parse("<BlockList><Latest>QQ</Latest></BlockList>").entries()).containsExactly(new Entry(Source.LATEST, "QQ=="));
        assertThat(BlockList.canonicalBlockId("QQ==")).hasValue("QQ==");
    }

    @Test
    void an_empty_list_is_an_empty_file() {
        assertThat(parse("<BlockList/>").entries()).isEmpty();
    }

    @Test
    void block_ids_must_be_base64_of_at_most_64_bytes() {
        assertThat(BlockList.canonicalBlockId("not base64!")).isEmpty();
        assertThat(BlockList.canonicalBlockId("")).isEmpty();
        assertThat(BlockList.canonicalBlockId(java.util.Base64.getEncoder().encodeToString(new byte[65]))).isEmpty();
        assertThat(BlockList.canonicalBlockId(java.util.Base64.getEncoder().encodeToString(new byte[64]))).isPresent();
        assertThatThrownBy(() -> parse("<BlockList><Latest>QUFB</Latest><Latest>!!</Latest></BlockList>"))
                .isInstanceOfSatisfying(BlobError.class, e -> assertThat(e.code()).isEqualTo("InvalidBlockList"))
                .hasMessageContaining("entry 2 ('!!')");
    }

    @Test
    void other_elements_broken_xml_and_doctypes_are_invalid_xml() {
        for (String xml : new String[] {"<BlockList><Block>QUFB</Block></BlockList>", "<Blocks><Latest>QUFB</Latest></Blocks>",
                "<BlockList><Latest>QUFB</Latest>", "not xml",
                "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><BlockList><Latest>&e;</Latest></BlockList>"}) {
            assertThatThrownBy(() -> parse(xml)).as(xml).isInstanceOfSatisfying(BlobError.class, e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.code()).isEqualTo("InvalidXmlDocument");
            });
        }
    }

    @Test
    void more_blocks_than_the_limit_is_block_list_too_long() {
        assertThatThrownBy(() -> BlockList.parse("<BlockList><Latest>QUFB</Latest><Latest>QkJC</Latest></BlockList>"
                .getBytes(StandardCharsets.UTF_8), 1))
                .isInstanceOfSatisfying(BlobError.class, e -> assertThat(e.code()).isEqualTo("BlockListTooLong"));
    }
}
