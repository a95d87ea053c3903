import io.github.oneclick.sandbox.it.SandboxAdmin
SandboxAdmin.connect(sandboxUrl, sandboxInfoFile).reset('demo')
  .addToken('acme', 'canary-7f3c9e1d2b4a6c8e0f1a3b5d7c9e2f4a')
return true
