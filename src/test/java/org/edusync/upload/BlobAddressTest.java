package org.edusync.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How a request path and query become container, blob and SAS fields. */
class BlobAddressTest {
    @Test
    void splits_container_and_blob_and_decodes_the_query() {
        BlobAddress address = BlobAddress.parse("/blob/p-1/School.csv", "comp=block&blockid=QUJD%2B%2F%3D&SIG=a%2Bb&sig=ignored");

        assertThat(address.container()).isEqualTo("p-1");
        assertThat(address.blob()).isEqualTo("School.csv");
        assertThat(address.nested()).isFalse();
        assertThat(address.param("blockid")).isEqualTo("QUJD+/=");
        assertThat(address.param("sig")).as("names are case-insensitive; the first wins").isEqualTo("a+b");
    }

    @Test
    void a_container_request_has_an_empty_blob() {
        assertThat(BlobAddress.parse("/blob/p-1", "restype=container").blob()).isEmpty();
        assertThat(BlobAddress.parse("/blob/p-1/", null).blob()).isEmpty();
    }

    @Test
    void a_plus_in_the_path_is_a_plus_and_folders_are_noticed() {
        assertThat(BlobAddress.parse("/blob/p/a+b.csv", null).blob()).isEqualTo("a+b.csv");
        assertThat(BlobAddress.parse("/blob/p/folder/School.csv", null).nested()).isTrue();
        assertThat(BlobAddress.parse("/blob/p/folder%2FSchool.csv", null).nested()).isTrue();
        assertThat(BlobAddress.parse("/blob/p/School%2Ecsv", null).blob()).isEqualTo("School.csv");
    }

    @Test
    void broken_escapes_are_400() {
        assertThatThrownBy(() -> BlobAddress.parse("/blob/p/%zz", null))
                .isInstanceOfSatisfying(BlobError.class, e -> assertThat(e.code()).isEqualTo("InvalidUri"));
        assertThatThrownBy(() -> BlobAddress.parse("/blob/p/x", "sig=%zz"))
                .isInstanceOfSatisfying(BlobError.class, e -> assertThat(e.code()).isEqualTo("InvalidQueryParameterValue"));
        assertThatThrownBy(() -> BlobAddress.parse("/blob//School.csv", null)).isInstanceOf(BlobError.class);
    }
}
