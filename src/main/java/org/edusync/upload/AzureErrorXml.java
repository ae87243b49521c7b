package org.edusync.upload;

import java.time.Instant;

/** The XML body of an Azure Storage error, as the Azure SDKs and AzCopy read it: the code, and the message with the request id. */
public final class AzureErrorXml {
    private AzureErrorXml() {
    }

    public static String of(String code, String message, String requestId, Instant time) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + escaped(code) + "</Code><Message>"
                + escaped(message + "\nRequestId:" + requestId + "\nTime:" + time) + "</Message></Error>";
    }

    private static String escaped(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    // characters XML 1.0 cannot hold are left out
                    if (c >= 0x20 || c == '\n' || c == '\r' || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
