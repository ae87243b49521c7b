package org.edusync.sync;

/** Another instance has taken over a run (its lease expired): this instance stops working on it at once. */
final class LeaseLostException extends RuntimeException {
    LeaseLostException(String message) {
        super(message);
    }
}
