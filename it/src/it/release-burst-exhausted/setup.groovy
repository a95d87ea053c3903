import io.github.oneclick.sandbox.it.SandboxAdmin
// Two requests a minute: the release reads the image, then the listing, whose success says ratelimit-remaining: 0,
// while ratelimit-reset names the hourly window's reset, up to an hour away. The PATCH comes third; the per-minute
// window frees a request within seconds.
SandboxAdmin.connect(sandboxUrl, sandboxInfoFile).reset('demo').options('{"burstLimitPerMinute":2}')
return true
