import io.github.oneclick.sandbox.it.SandboxAdmin
SandboxAdmin.connect(sandboxUrl, sandboxInfoFile).reset('demo')
  .faults('[{"method":"GET","path":"/v2/images/*","kind":"status","status":503,"times":2},'
        + '{"method":"GET","path":"/v2/images/*","kind":"drop_before","times":1},'
        + '{"method":"PATCH","path":"/api/v1/vendor-portal/apps/*","kind":"status","status":429,"retryAfter":1,"times":2}]')
return true
