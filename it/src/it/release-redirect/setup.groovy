import io.github.oneclick.sandbox.it.SandboxAdmin
SandboxAdmin.connect(sandboxUrl, sandboxInfoFile).reset('demo')
  .faults('{"method":"PATCH","path":"/api/v1/vendor-portal/apps/*","kind":"redirect","status":307,"location":"/api/v1/vendor-portal/elsewhere"}')
return true
