package org.edusync.upload;

import java.io.IOException;

/** A request body that ended before the length its {@code Content-Length} announced: the client stopped sending. */
final class BodyCutOffException extends IOException {
    BodyCutOffException(long announced, long received) {
        super("The request body ended after " + received + " of the " + announced + " bytes its Content-Length announced");
    }
}
