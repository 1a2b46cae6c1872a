/**
 * Interaction recording (API.md "Recording"): recordings and their segments, per-tenant rules
 * and profile, media servers, and the service that searches and plays recordings back.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.switchboard.api.recording;
