package io.switchboard.capture.internal;

import io.switchboard.api.interaction.Interaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file capture point's route: Camel's file component takes each document dropped in
 * {@code <directory>/in/} once it has stopped changing, and moves it to {@code processed/} with
 * {@code <file>.id} beside it ({@code {"id", "node"}}), or to {@code error/} with
 * {@code <file>.reason} beside it (the error JSON of API.md). Nothing is deleted.
 */
final class FileCapture extends RouteBuilder {

    static final String OUTCOME = "SwitchboardCaptureOutcome";
    private static final Logger LOG = LoggerFactory.getLogger(FileCapture.class);

    private final CapturePoint point;
    private final Path directory;
    private final String routeId;

    FileCapture(CapturePoint point, Path directory, String routeId) {
        this.point = point;
        this.directory = directory;
        this.routeId = routeId;
    }

    @Override
    public void configure() throws IOException {
        for (String d : new String[] {"in", "processed", "error"}) {
            Files.createDirectories(directory.resolve(d));
        }
        // readLock=changed: a document still being written is left until its size and time stop moving
        from("file:" + directory.resolve("in").toAbsolutePath() + "?charset=utf-8&delay=200&readLock=changed"
                + "&readLockCheckInterval=200&readLockMinAge=200"
                + "&move=../${header." + OUTCOME + "}/${file:name}&moveFailed=../error/${file:name}")
                .routeId(routeId)
                .process(this::capture);
    }

    private void capture(Exchange exchange) throws IOException {
        String file = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Long length = exchange.getIn().getHeader(Exchange.FILE_LENGTH, Long.class);
        String outcome;
        String answer;
        try {
            if (length != null && length > CaptureDocument.MAX_CHARS * 4L) {
                throw io.switchboard.api.interaction.InteractionException.badRequest("the document is longer than "
                        + CaptureDocument.MAX_CHARS + " characters", "document");
            }
            String text = exchange.getIn().getBody(String.class);
            Long modified = exchange.getIn().getHeader(Exchange.FILE_LAST_MODIFIED, Long.class);
            Interaction i = point.submitOnce(text, idOf(point.name(), file, modified == null ? 0 : modified,
                    text == null ? "" : text));
            outcome = "processed";
            answer = Answers.created(i);
            LOG.info("Capture point {}: {} became interaction {} on {}", point.name(), file, i.id(), i.node());
        } catch (RuntimeException e) {
            outcome = "error";
            answer = Answers.error(e);
            LOG.warn("Capture point {}: {} refused: {}", point.name(), file, answer);
        }
        // beside the document before it moves: a crash in between leaves it in in/ to be read again,
        // and its id (its own or idOf's) makes the second reading answer the same interaction
        Files.writeString(directory.resolve(outcome).resolve(file + (outcome.equals("error") ? ".reason" : ".id")),
                answer + "\n", StandardCharsets.UTF_8);
        exchange.getIn().setHeader(OUTCOME, outcome);
    }

    /**
     * The id of a file's interaction when its document has none: the capture point, the file's
     * name, its modification time and its content, hashed. A file read again after a crash has all
     * four unchanged; a file dropped again under the same name, even with the same content, has a
     * new modification time and so becomes an interaction of its own. The dot keeps it out of the
     * form of the ids nodes generate ({@code <node>-<base 36>}).
     */
    static String idOf(String point, String file, long modified, String content) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        for (String part : new String[] {point, file, Long.toString(modified), content}) {
            sha.update(part.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        String name = point.length() > 80 ? point.substring(0, 80) : point;
        return name + "." + HexFormat.of().formatHex(sha.digest(), 0, 16);
    }
}
