/**
 * A stateful fake of the DigitalOcean endpoints the client uses, on MockWebServer.
 *
 * <p>Three ways in: {@link io.github.oneclick.sandbox.Sandbox} in process, {@link
 * io.github.oneclick.sandbox.SandboxExtension} for JUnit 5 tests, and {@link
 * io.github.oneclick.sandbox.server.SandboxMain} as a process.
 *
 * <h2>Admin endpoints (no token; JSON in and out; never recorded)</h2>
 *
 * <ul>
 *   <li>{@code GET /_sandbox/info}: url, token, scenario, clock, options, scenario names
 *   <li>{@code POST /_sandbox/reset} with {@code {"scenario":"demo"}} (or {@code ?scenario=demo})
 *   <li>{@code GET /_sandbox/state}: teams, apps, droplets, images (with {@code team}, {@code
 *       listed}, {@code listedFrom}, {@code actionId}), actions (with {@code startedAtExact}, {@code
 *       completedAtExact}: millisecond times beside the API's second-precision ones)
 *   <li>{@code GET /_sandbox/requests[?method=POST&path=/v2/droplets/*}{@code /actions]}: {@code
 *       total}, {@code mutating}, {@code requests}; {@code DELETE} forgets them
 *   <li>{@code GET|POST|DELETE /_sandbox/faults}: POST takes one fault or an array, e.g. {@code
 *       {"method":"POST","path":"/v2/droplets/*}{@code /actions","bodyContains":"snapshot",
 *       "kind":"drop_after","times":1}}; kinds {@code status}, {@code html}, {@code delay} ({@code
 *       delayMillis}), {@code drop_before}, {@code drop_after}, {@code truncate}, {@code race}, {@code
 *       stale_listing}; {@code status}, {@code body}, {@code retryAfter}, {@code skip} as needed
 *   <li>{@code GET|POST /_sandbox/options}: POST merges e.g. {@code {"snapshotSeconds":3,
 *       "listingLagSeconds":2,"shutdownIgnored":true,"snapshotErrored":false,"rateLimitPerHour":50,
 *       "burstLimitPerMinute":0,"vendorErrorsHtml":false,"actionSeconds":1,"statusLagSeconds":3,
 *       "createSeconds":5}}
 *   <li>{@code POST /_sandbox/apps/{appId}/approve}, {@code POST /_sandbox/apps/{appId}/status}
 *       with {@code {"value":"in review","reason":"..."}}, {@code GET /_sandbox/apps/{appId}}
 *   <li>{@code POST /_sandbox/clock/advance} with {@code {"seconds":30}} (manual clock only; 409
 *       otherwise)
 *   <li>{@code POST /_sandbox/teams} {@code {"team","tokens":[..]}}, {@code POST /_sandbox/droplets}
 *       {@code {"team","name","status","region","disk","tags":[..],"snapshots":[{"name","createdAt"}]}},
 *       {@code POST /_sandbox/images} {@code {"team","name","region","createdAt"}}, {@code POST
 *       /_sandbox/apps} {@code {"appId","team","name","type","status","customData"}}
 * </ul>
 */
package io.github.oneclick.sandbox;
