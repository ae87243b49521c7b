package org.edusync.verify;

import java.util.List;

/** Everything verification found in one file set, in file order. */
public record VerificationReport(List<VerificationMessage> messages) {
    public VerificationReport {
        messages = List.copyOf(messages);
    }

    /** Whether anything stops a sync. */
    public boolean hasErrors() {
        return messages.stream().anyMatch(VerificationMessage::isError);
    }

    public long errorCount() {
        return messages.stream().filter(VerificationMessage::isError).count();
    }
}
