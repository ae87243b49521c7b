package org.edusync.upload;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** The body of Put Block List: which blocks, from which list, make the file, in order. */
record BlockList(List<Entry> entries) {
    /** Where a block id is looked up. */
    enum Source {
        /** only the blocks of the current version of the file */
        COMMITTED("Committed", "blocks of the current version"),
        /** only the staged blocks */
        UNCOMMITTED("Uncommitted", "uncommitted (staged) blocks"),
        /** the staged block if there is one, else the committed one */
        LATEST("Latest", "staged blocks or the blocks of the current version");

        final String element;
        final String lookedIn;

        Source(String element, String lookedIn) {
            this.element = element;
            this.lookedIn = lookedIn;
        }
    }

    record Entry(Source source, String blockId) {
    }

    private static final XMLInputFactory XML = secureFactory();

    private static XMLInputFactory secureFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }

    /** Parses {@code <BlockList><Latest>id</Latest>...</BlockList>}; ids come back in canonical Base64. */
    static BlockList parse(byte[] xml, int maxBlocks) {
        List<Entry> entries = new ArrayList<>();
        try {
            XMLStreamReader reader = XML.createXMLStreamReader(new ByteArrayInputStream(xml));
            try {
                reader.nextTag();
                if (!reader.getLocalName().equals("BlockList")) {
                    throw invalidXml("the root element is <" + reader.getLocalName() + ">, not <BlockList>");
                }
                while (reader.nextTag() == XMLStreamConstants.START_ELEMENT) {
                    Source source = source(reader.getLocalName());
                    String id = reader.getElementText().trim();
                    if (entries.size() == maxBlocks) {
                        throw BlobError.badRequest("BlockListTooLong", "The block list may not contain more than " + maxBlocks + " blocks.");
                    }
                    entries.add(new Entry(source, canonicalBlockId(id).orElseThrow(() -> BlobError.badRequest("InvalidBlockList",
                            "The specified block list is invalid: entry " + (entries.size() + 1) + " ('" + abbreviate(id)
                                    + "') is not a Base64 block id of at most 64 bytes."))));
                }
            } finally {
                reader.close();
            }
        } catch (XMLStreamException | RuntimeException e) {
            if (e instanceof BlobError error) {
                throw error;
            }
            throw invalidXml(e.getMessage() == null ? e.toString() : e.getMessage().replaceAll("\\s+", " "));
        }
        return new BlockList(List.copyOf(entries));
    }

    private static Source source(String element) {
        for (Source source : Source.values()) {
            if (source.element.equals(element)) {
                return source;
            }
        }
        throw invalidXml("<" + element + "> is not one of <Committed>, <Uncommitted>, <Latest>");
    }

    private static BlobError invalidXml(String why) {
        return BlobError.badRequest("InvalidXmlDocument", "XML specified is not syntactically valid: " + why + ".");
    }

    /**
     * A block id as Azure accepts it: Base64 of at most 64 bytes. Returned re-encoded, so that two spellings of
     * the same bytes (with or without padding) name the same block.
     */
    static Optional<String> canonicalBlockId(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        try {
            byte[] raw = Base64.getDecoder().decode(id);
            if (raw.length == 0 || raw.length > 64) {
                return Optional.empty();
            }
            return Optional.of(Base64.getEncoder().encodeToString(raw));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The length of the decoded id: Azure wants the same length for every block of a blob. */
    static int decodedLength(String canonicalId) {
        return Base64.getDecoder().decode(canonicalId).length;
    }

    static String abbreviate(String value) {
        return value.length() <= 100 ? value : value.substring(0, 100) + "...";
    }
}
