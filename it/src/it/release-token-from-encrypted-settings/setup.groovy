import io.github.oneclick.sandbox.it.SandboxAdmin
SandboxAdmin.connect(sandboxUrl, sandboxInfoFile).reset('demo')
  .addToken('acme', 'settings-token-4e1d9b7c2a6f8e3d')
return true
