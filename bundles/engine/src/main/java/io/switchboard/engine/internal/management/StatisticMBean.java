package io.switchboard.engine.internal.management;

import javax.management.MBeanException;

/** JMX operations on the statistic pool: {@code io.switchboard:type=Statistic}. */
public interface StatisticMBean {

    /** The pooled statistics, one line each: ref, stat type, object, profile, notification mode. */
    String[] list() throws MBeanException;

    /** The value of a pooled statistic now, as JSON: {@code {"ref", "value", "at"[, "partial"]}}. */
    String peek(String ref) throws MBeanException;
}
