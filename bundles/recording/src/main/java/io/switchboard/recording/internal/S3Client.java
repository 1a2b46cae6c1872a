package io.switchboard.recording.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The few S3 calls the store needs (PUT, GET, HEAD of an object, ListObjectsV2), path-style, each
 * signed with AWS Signature Version 4 over the JDK's HTTP client. Written here rather than taken
 * from an SDK: the AWS SDK's jars are not OSGi bundles and find their HTTP client through a
 * ServiceLoader that does not see across bundle class loaders; this needs nothing but the JDK.
 */
final class S3Client {

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private final URI endpoint;
    private final String bucket;
    private final String region;
    private final String accessKey;
    private final String secretKey;
    private final HttpClient http;

    S3Client(URI endpoint, String bucket, String region, String accessKey, String secretKey) {
        String e = endpoint.toString();
        this.endpoint = URI.create(e.endsWith("/") ? e.substring(0, e.length() - 1) : e);
        this.bucket = bucket;
        this.region = region;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    String describe() {
        return "s3:" + endpoint + "/" + bucket;
    }

    void put(String key, byte[] body) throws IOException {
        HttpResponse<byte[]> r = send("PUT", key, Map.of(), body);
        if (r.statusCode() != 200) {
            throw failure("PUT", key, r);
        }
    }

    /** The object's bytes; {@link NoSuchFileException} when there is none. */
    byte[] get(String key) throws IOException {
        HttpResponse<byte[]> r = send("GET", key, Map.of(), null);
        if (r.statusCode() == 404) {
            throw new NoSuchFileException(describe() + "/" + key);
        }
        if (r.statusCode() != 200) {
            throw failure("GET", key, r);
        }
        return r.body();
    }

    boolean exists(String key) throws IOException {
        HttpResponse<byte[]> r = send("HEAD", key, Map.of(), null);
        if (r.statusCode() == 404) {
            return false;
        }
        if (r.statusCode() != 200) {
            throw failure("HEAD", key, r);
        }
        return true;
    }

    /**
     * Every key under {@code prefix}, in S3's (UTF-8 binary) order, page after page. Pages go on
     * with {@code start-after} the last key rather than the continuation token: s3rver makes its
     * tokens with DES, which the OpenSSL of current Node versions no longer has.
     */
    List<String> list(String prefix) throws IOException {
        List<String> keys = new ArrayList<>();
        boolean more;
        do {
            Map<String, String> q = new TreeMap<>();
            q.put("list-type", "2");
            q.put("prefix", prefix);
            if (!keys.isEmpty()) {
                q.put("start-after", keys.get(keys.size() - 1));
            }
            HttpResponse<byte[]> r = send("GET", null, q, null);
            if (r.statusCode() != 200) {
                throw failure("LIST", prefix, r);
            }
            Document d = xml(r.body());
            NodeList contents = d.getElementsByTagName("Contents");
            for (int i = 0; i < contents.getLength(); i++) {
                keys.add(text((Element) contents.item(i), "Key"));
            }
            more = contents.getLength() > 0 && "true".equals(text(d.getDocumentElement(), "IsTruncated"));
        } while (more);
        return keys;
    }

    private static Document xml(byte[] body) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(body));
        } catch (Exception e) {
            throw new IOException("the S3 listing is not XML: " + e.getMessage(), e);
        }
    }

    private static String text(Element parent, String tag) {
        NodeList n = parent.getElementsByTagName(tag);
        return n.getLength() == 0 ? null : n.item(0).getTextContent();
    }

    private IOException failure(String what, String key, HttpResponse<byte[]> r) {
        String body = new String(r.body() == null ? new byte[0] : r.body(), StandardCharsets.UTF_8);
        String code = body.replaceAll("(?s).*<Code>([^<]*)</Code>.*", "$1");
        return new IOException(what + " " + describe() + "/" + (key == null ? "" : key) + " answered "
                + r.statusCode() + (code.equals(body) ? "" : " " + code));
    }

    private HttpResponse<byte[]> send(String method, String key, Map<String, String> query, byte[] body)
            throws IOException {
        String path = "/" + encode(bucket, false) + (key == null ? "" : "/" + encode(key, true));
        String canonicalQuery = canonicalQuery(query);
        URI uri = URI.create(endpoint + path + (canonicalQuery.isEmpty() ? "" : "?" + canonicalQuery));
        Instant now = Instant.now();
        String amzDate = AMZ_DATE.format(now);
        String payloadHash = body == null ? EMPTY_SHA256 : hex(sha256(body));
        Map<String, String> signed = new TreeMap<>();
        signed.put("host", host(uri));
        signed.put("x-amz-content-sha256", payloadHash);
        signed.put("x-amz-date", amzDate);
        String signedHeaders = String.join(";", signed.keySet());
        String scope = amzDate.substring(0, 8) + "/" + region + "/s3/aws4_request";
        String signature = signature(secretKey, region, amzDate,
                canonicalRequest(method, endpoint.getRawPath() + path, canonicalQuery, signed, payloadHash));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("x-amz-date", amzDate).header("x-amz-content-sha256", payloadHash)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope
                        + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling " + describe(), e);
        }
    }

    /** SigV4's canonical request; {@code headers} by lower-case name, sorted, values trimmed. */
    static String canonicalRequest(String method, String rawPath, String canonicalQuery, Map<String, String> headers,
            String payloadHash) {
        StringBuilder b = new StringBuilder(method).append('\n').append(rawPath).append('\n').append(canonicalQuery)
                .append('\n');
        headers.forEach((k, v) -> b.append(k).append(':').append(v.trim()).append('\n'));
        return b.append('\n').append(String.join(";", headers.keySet())).append('\n').append(payloadHash).toString();
    }

    /** The hex hash of a canonical request, the last line of the string to sign. */
    static String hash(String canonicalRequest) {
        return hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    }

    /** SigV4's signature of a canonical request made at {@code amzDate} (yyyyMMdd'T'HHmmss'Z'). */
    static String signature(String secretKey, String region, String amzDate, String canonicalRequest) {
        String day = amzDate.substring(0, 8);
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + day + "/" + region + "/s3/aws4_request\n"
                + hash(canonicalRequest);
        byte[] k = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), day);
        k = hmac(k, region);
        k = hmac(k, "s3");
        k = hmac(k, "aws4_request");
        return hex(hmac(k, toSign));
    }

    /** The Host header as the JDK's client sends it: the port only when it is not the scheme's default. */
    private static String host(URI uri) {
        int port = uri.getPort();
        boolean secure = "https".equalsIgnoreCase(uri.getScheme());
        return port == -1 || port == (secure ? 443 : 80) ? uri.getHost() : uri.getHost() + ":" + port;
    }

    private static String canonicalQuery(Map<String, String> query) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(query).entrySet()) {
            if (b.length() > 0) {
                b.append('&');
            }
            b.append(encode(e.getKey(), false)).append('=').append(encode(e.getValue(), false));
        }
        return b.toString();
    }

    /** RFC 3986 percent-encoding as SigV4 wants it: all but unreserved characters (and '/' in a key). */
    static String encode(String s, boolean keepSlash) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~' || (keepSlash && c == '/')) {
                b.append(c);
            } else {
                b.append('%').append(String.format("%02X", x & 0xff));
            }
        }
        return b.toString();
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
