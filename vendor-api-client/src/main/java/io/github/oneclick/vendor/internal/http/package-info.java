/**
 * The client's HTTP layer: Retrofit service interfaces, interceptors, the retry and rate-limit executor, the one
 * error classifier, pagination and redaction. Public only so the client can use it across packages; not an API of
 * its own, and it may change in any release. Use {@link io.github.oneclick.vendor.DigitalOceanClient}.
 */
package io.github.oneclick.vendor.internal.http;
