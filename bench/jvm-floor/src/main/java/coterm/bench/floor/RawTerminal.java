// SPDX-License-Identifier: Apache-2.0
package coterm.bench.floor;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The JVM floor's terminal (Linux): raw mode on standard input, and a read that waits in {@code poll}
 * on the input and on a wake pipe, through JNA as coterm calls it (functions looked up in the
 * process, no interface proxies).
 *
 * <p>Threading: {@link #read} on one thread; {@link #wake} from any thread, to end that thread's wait.
 * Raw mode is {@code cfmakeraw}'s: no signals from keys (Ctrl+C is the byte 3), no echo, no output
 * processing (the floor writes CR LF itself). {@link #close} restores the settings saved at start.
 */
final class RawTerminal implements AutoCloseable {
    private static final int TCSANOW = 0;
    private static final long TIOCGWINSZ = 0x5413;
    private static final short POLLIN = 0x1;

    private static final NativeLibrary LIBC = NativeLibrary.getProcess();
    private static final Function TCGETATTR = LIBC.getFunction("tcgetattr");
    private static final Function TCSETATTR = LIBC.getFunction("tcsetattr");
    private static final Function CFMAKERAW = LIBC.getFunction("cfmakeraw");
    private static final Function POLL = LIBC.getFunction("poll");
    private static final Function READ = LIBC.getFunction("read");
    private static final Function WRITE = LIBC.getFunction("write");
    private static final Function PIPE = LIBC.getFunction("pipe");
    // ioctl is variadic with two fixed arguments: JNA's call flags say so (USE_VARARGS_SHIFT is 7).
    private static final Function IOCTL = LIBC.getFunction("ioctl", 2 << 7);

    /** The settings to restore: a buffer larger than any {@code struct termios}. */
    private final byte[] saved = new byte[256];
    private final Memory input = new Memory(1 << 16);
    private final byte[] pollFds = new byte[16];
    private final int wakeRead;
    private final int wakeWrite;

    RawTerminal() {
        if (TCGETATTR.invokeInt(new Object[] {0, saved}) != 0) throw new IllegalStateException("standard input is not a terminal");
        byte[] raw = saved.clone();
        CFMAKERAW.invokeVoid(new Object[] {raw});
        if (TCSETATTR.invokeInt(new Object[] {0, TCSANOW, raw}) != 0) throw new IllegalStateException("tcsetattr failed");
        int[] pipe = new int[2];
        if (PIPE.invokeInt(new Object[] {pipe}) != 0) throw new IllegalStateException("pipe failed");
        wakeRead = pipe[0];
        wakeWrite = pipe[1];
        ByteBuffer fds = ByteBuffer.wrap(pollFds).order(ByteOrder.nativeOrder());
        fds.putInt(0, 0).putShort(4, POLLIN);
        fds.putInt(8, wakeRead).putShort(12, POLLIN);
    }

    /**
     * Waits for input or a {@link #wake}; returns the number of bytes read into {@code buffer} (at
     * most 64 KiB), 0 after a wake-up (the wake bytes are consumed), -1 at the end of the input.
     */
    int read(byte[] buffer) {
        while (true) {
            ByteBuffer.wrap(pollFds).order(ByteOrder.nativeOrder()).putShort(6, (short) 0).putShort(14, (short) 0);
            if (POLL.invokeInt(new Object[] {pollFds, 2L, -1}) < 0) continue; // EINTR
            ByteBuffer fds = ByteBuffer.wrap(pollFds).order(ByteOrder.nativeOrder());
            if (fds.getShort(14) != 0) {
                READ.invokeLong(new Object[] {wakeRead, input, 64L});
                return 0;
            }
            if (fds.getShort(6) != 0) {
                long n = READ.invokeLong(new Object[] {0, input, (long) Math.min(buffer.length, input.size())});
                if (n <= 0) return -1;
                input.read(0, buffer, 0, (int) n);
                return (int) n;
            }
        }
    }

    /** Ends the wait of the thread in {@link #read}, now or at its next call. Any thread. */
    void wake() {
        WRITE.invokeLong(new Object[] {wakeWrite, new byte[] {1}, 1L});
    }

    /** The window's columns and rows, or 80x24 when the terminal does not say. */
    int[] size() {
        byte[] winsize = new byte[8];
        if (IOCTL.invokeInt(new Object[] {1, TIOCGWINSZ, winsize}) == 0) {
            ByteBuffer size = ByteBuffer.wrap(winsize).order(ByteOrder.nativeOrder());
            int rows = size.getShort(0);
            int columns = size.getShort(2);
            if (rows > 1 && columns > 0) return new int[] {columns, rows};
        }
        return new int[] {80, 24};
    }

    /** Restores the settings saved at start. */
    @Override
    public void close() {
        TCSETATTR.invokeInt(new Object[] {0, TCSANOW, saved});
    }
}
