package org.edusync.fuzz;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A fuzz property whose inputs cost many requests each (an upload and a sync run, three queries) runs this share of
 * {@code -Dedusync.fuzz.tries} instead of all of it; never fewer tries than its {@code @Property} names.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface FuzzShare {
    /** Percent of the configured tries. */
    int percent();
}
