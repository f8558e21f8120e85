// SPDX-License-Identifier: Apache-2.0
package coterm.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.github.ajalt.mordant.rendering.TextColors;
import com.github.ajalt.mordant.rendering.TextStyles;
import coterm.console.Highlighter;
import coterm.console.LineOptions;
import coterm.console.StyledSpan;
import coterm.editor.SuggestionSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Highlighting and suggestions from Java: lambdas, a checked exception, the factories and the overloads. */
class BlockingHighlighterJavaTest {
    @Test
    void aJavaLambdaHighlightsAndMayThrowCheckedExceptions() throws Exception {
        BlockingHighlighter highlighter = text -> {
            if (text.isEmpty()) throw new java.io.IOException("nothing to colour");
            return text.startsWith("help")
                ? List.of(new StyledSpan(0, 4, TextStyles.bold.getStyle()))
                : List.of(new StyledSpan(0, text.length(), TextColors.red));
        };
        LineOptions options = BlockingHighlighter.options(highlighter);
        Highlighter asKotlin = options.getHighlighter();
        assertEquals(List.of(new StyledSpan(0, 4, TextStyles.bold.getStyle())), asKotlin.highlight("help me"));
        assertEquals(TextColors.red, asKotlin.highlight("nope").get(0).getStyle());
        assertNull(options.getSuggestions());
    }

    @Test
    void suggestionsAreAnOptionWithAHistorySourceAndJavaSources() {
        LineOptions history = new LineOptions(null, null, null, true, null, SuggestionSource.History);
        assertSame(SuggestionSource.History, history.getSuggestions());
        SuggestionSource mine = text -> "deploy".startsWith(text) ? "deploy".substring(text.length()) : null;
        assertEquals("loy", mine.suggest("dep"));
        assertNull(new LineOptions().getSuggestions());
    }
}
