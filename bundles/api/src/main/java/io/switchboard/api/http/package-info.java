/**
 * The HTTP API's one access-control convention (API.md, README "Access"): every bundle serving
 * {@code /api/v1} asks the same {@link io.switchboard.api.http.HttpAccess} service, so one policy
 * and one realm decide who may do what, and refusals are the same 401/403 everywhere.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.switchboard.api.http;
