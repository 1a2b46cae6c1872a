package io.switchboard.rest.internal.command;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.support.parsing.CommandLineImpl;

/** Runs commands and completers as the console would, capturing what they print. */
final class Shell {

    private Shell() {
    }

    static synchronized String run(Action action) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            action.execute();
        } finally {
            System.setOut(original);
        }
        // ShellTable draws with box characters on a UTF-8 terminal and with "|" elsewhere
        return bytes.toString(StandardCharsets.UTF_8).replace('\u2502', '|');
    }

    /** The candidates for the last word of the line (cursor at its end; a trailing space starts a new word). */
    static List<String> complete(Completer completer, String line) {
        List<String> words = new ArrayList<>(List.of(line.trim().split("\\s+")));
        if (line.endsWith(" ")) {
            words.add("");
        }
        String last = words.get(words.size() - 1);
        CommandLineImpl commandLine = new CommandLineImpl(words.toArray(String[]::new), words.size() - 1,
                last.length(), line.length(), line);
        List<String> candidates = new ArrayList<>();
        completer.complete(null, commandLine, candidates);
        List<String> trimmed = new ArrayList<>();
        for (String c : candidates) {
            trimmed.add(c.trim());
        }
        java.util.Collections.sort(trimmed);
        return trimmed;
    }
}
