// SPDX-License-Identifier: Apache-2.0
package coterm.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** HistoryOptions from Java: static factories without Companion, default arguments as overloads. */
class HistoryOptionsJavaTest {
    @Test
    void factoriesAndOverloads() {
        HistoryOptions memory = HistoryOptions.inMemory();
        assertNull(memory.getFile());
        assertEquals(HistoryOptions.DEFAULT_MAX_ENTRIES, memory.getMaxEntries());
        assertTrue(memory.isEnabled());
        assertFalse(HistoryOptions.disabled().isEnabled());

        Path file = Paths.get("/tmp/coterm-java/history");
        HistoryOptions two = new HistoryOptions(file, 200);
        assertEquals(file, two.getFile());
        assertEquals(200, two.getMaxEntries());
        assertTrue(two.getIgnoreDuplicates());
        assertTrue(two.getIgnoreSpacePrefixed());

        HistoryOptions all = new HistoryOptions(file, 10, false, false).withIgnoreDuplicates(true);
        assertTrue(all.getIgnoreDuplicates());
        assertFalse(all.getIgnoreSpacePrefixed());
        assertEquals(new HistoryOptions(), HistoryOptions.inMemory());

        Path defaultFile = HistoryOptions.defaultFile("java-app");
        assertEquals(defaultFile, HistoryOptions.forApp("java-app").getFile());
        assertThrows(IllegalArgumentException.class, () -> HistoryOptions.forApp("../escape"));
        assertThrows(IllegalArgumentException.class, () -> new HistoryOptions(null, -5));
    }
}
