package coterm.terminal

/**
 * A terminal in raw mode. [close] restores exactly the state saved when raw mode was entered;
 * it is idempotent and safe to call from a shutdown hook.
 */
public interface RawMode : AutoCloseable {
    /** Restores the saved terminal state. Idempotent. */
    override fun close()
}
