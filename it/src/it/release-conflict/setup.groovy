import io.github.oneclick.sandbox.it.SandboxAdmin
SandboxAdmin.connect(sandboxUrl, sandboxInfoFile).reset('demo')
  .faults('{"method":"PATCH","path":"/api/v1/vendor-portal/apps/*","kind":"status","status":409}')
return true
