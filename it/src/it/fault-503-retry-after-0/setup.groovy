import io.github.oneclick.sandbox.it.SandboxAdmin
// The snapshot POST and the listing update are applied, then answered 503 with Retry-After: 0, which OkHttp alone
// would send again at once.
SandboxAdmin.connect(sandboxUrl, sandboxInfoFile).reset('demo')
  .faults('[{"method":"POST","path":"/v2/droplets/*/actions","bodyContains":"\\"snapshot\\"","kind":"after_applying","status":503,"retryAfter":0},'
        + '{"method":"PATCH","path":"/api/v1/vendor-portal/apps/*","kind":"after_applying","status":503,"retryAfter":0}]')
return true
