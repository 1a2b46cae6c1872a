/**
 * Agent seat licensing (API.md "Licensing"): what the licence allows and uses per interaction
 * node, for the HTTP API, the shell and JMX. The seats themselves are taken and given back
 * through {@link io.switchboard.api.interaction.SeatControl}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.switchboard.api.licensing;
