package io.switchboard.recording.internal;

import static org.junit.Assert.assertEquals;

import java.util.Map;
import java.util.TreeMap;
import org.junit.Test;

/**
 * Signature V4 against the worked example of the S3 API reference ("GET Object", the first ten
 * bytes of test.txt): s3rver does not check V4 signatures, so this is what shows the signing is
 * what S3 itself computes.
 */
public class S3ClientTest {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    public void theReferenceGetObjectExampleSignsToItsPublishedSignature() {
        Map<String, String> headers = new TreeMap<>();
        headers.put("host", "examplebucket.s3.amazonaws.com");
        headers.put("range", "bytes=0-9");
        headers.put("x-amz-content-sha256", EMPTY);
        headers.put("x-amz-date", "20130524T000000Z");
        String canonical = S3Client.canonicalRequest("GET", "/test.txt", "", headers, EMPTY);
        assertEquals("GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
                + "x-amz-content-sha256:" + EMPTY + "\nx-amz-date:20130524T000000Z\n\n"
                + "host;range;x-amz-content-sha256;x-amz-date\n" + EMPTY, canonical);
        assertEquals("7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972", S3Client.hash(canonical));
        assertEquals("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
                S3Client.signature(SECRET, "us-east-1", "20130524T000000Z", canonical));
    }

    @Test
    public void keysAreEncodedAsSignatureV4WantsThem() {
        assertEquals("acme/2026-12-07/rec-1-0.sbr/00000000",
                S3Client.encode("acme/2026-12-07/rec-1-0.sbr/00000000", true));
        assertEquals("a%20b%2Fc~d%C3%A9", S3Client.encode("a b/c~dé", false));
        assertEquals("a%2Bb%3D%26", S3Client.encode("a+b=&", true));
    }
}
