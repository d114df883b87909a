package dev.momentum.client;

/** No answer came (connection refused or reset, time-out), after the retries {@link RetryPolicy} allows. */
public final class UnreachableException extends MomentumClientException {

    private final int attempts;

    UnreachableException(String request, int attempts, Throwable cause) {
        super(request + " failed after " + attempts + (attempts == 1 ? " attempt: " : " attempts: ") + why(cause), cause);
        this.attempts = attempts;
    }

    @Override
    public int status() {
        return 0;
    }

    public int attempts() {
        return attempts;
    }

    private static String why(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        // a refused connection has no message of its own
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
