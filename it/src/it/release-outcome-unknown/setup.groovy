import io.github.oneclick.sandbox.it.SandboxAdmin
// The update is not applied and answered 503 with Retry-After: 0; the listing cannot be read back.
SandboxAdmin.connect(sandboxUrl, sandboxInfoFile).reset('demo')
  .options('{"vendorAppsReadable":false}')
  .faults('{"method":"PATCH","path":"/api/v1/vendor-portal/apps/*","kind":"status","status":503,"retryAfter":0}')
return true
