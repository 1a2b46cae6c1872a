/**
 * Connections to an ActiveMQ Artemis broker for the bundles that speak JMS (the JMS event logger,
 * the JMS capture points): one place that holds the Artemis client and sets up the pooled factory.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.switchboard.jms;
