package dev.warden;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Stored key hashes, idempotency fingerprints and rule versions depend on these digests never changing. */
class Sha256Test {

    @Test
    void digestsMatchTheStandardTestVectors() {
        assertThat(Sha256.hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Sha256.hex(""))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Sha256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))
                .isEqualTo("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    }

    @Test
    void aDigestDoesNotCarryOverIntoTheNextOnTheSameThread() {
        String first = Sha256.hex("one");
        Sha256.hex("two".getBytes(StandardCharsets.UTF_8));
        assertThat(Sha256.hex("one")).isEqualTo(first);
        assertThat(Sha256.of("é".getBytes(StandardCharsets.UTF_8))).hasSize(32);
        assertThat(Sha256.hex("é")).isEqualTo(Sha256.hex("é".getBytes(StandardCharsets.UTF_8)));
    }
}
