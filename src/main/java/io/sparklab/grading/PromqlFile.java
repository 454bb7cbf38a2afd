package io.sparklab.grading;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * A student's PromQL answer in a file of its own (exercise 04's answer.promql): the query, on one
 * line, without its comments. The offline test (promtool) and the live check read it through here,
 * so both see the same query.
 */
public final class PromqlFile {
    private PromqlFile() {
    }

    /**
     * The file's query: each line without its comment, blank lines dropped, the rest joined by spaces.
     * Comments end at the line's end (joined into one line with them, a comment after the numerator
     * would swallow the rest of the query).
     */
    public static String query(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(PromqlFile::withoutComment).map(String::strip).filter(l -> !l.isEmpty())
                .collect(Collectors.joining(" "));
    }

    /**
     * The line up to its comment: a {@code #} outside a string, as PromQL's lexer reads it. A {@code #}
     * in a label value ({@code {path="/a#b"}}, a regex {@code =~"x#.*"}) is part of the string; in
     * double- and single-quoted strings a backslash escapes the next character, in backquoted (raw)
     * strings nothing does.
     */
    static String withoutComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '#') {
                return line.substring(0, i);
            }
            i = endOfString(line, i);
        }
        return line;
    }

    /**
     * Where the PromQL string opening at {@code at} ends (its closing quote), or {@code at} itself when
     * no string opens there; the text's length when it is not closed. In double- and single-quoted
     * strings a backslash escapes the next character, in backquoted (raw) strings nothing does.
     */
    public static int endOfString(String text, int at) {
        char quote = text.charAt(at);
        if (quote != '"' && quote != '\'' && quote != '`') {
            return at;
        }
        for (int i = at + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && quote != '`') {
                i++; // the escaped character, a quote included, stays in the string
            } else if (c == quote) {
                return i;
            }
        }
        return text.length();
    }
}
