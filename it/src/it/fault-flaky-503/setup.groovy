import io.github.oneclick.sandbox.it.SandboxAdmin
SandboxAdmin.connect(sandboxUrl, sandboxInfoFile).reset('flaky-503')
return true
