/**
 * A Java client for the DigitalOcean Vendor Portal app update and the API v2 calls around droplet snapshots.
 * Start with {@link io.github.oneclick.vendor.DigitalOceanClient}; every failure is a
 * {@link io.github.oneclick.vendor.DigitalOceanException} subclass that says what went wrong and how to fix it. The
 * snapshot and release workflows are in {@code io.github.oneclick.vendor.workflow}.
 */
package io.github.oneclick.vendor;
