import io.github.oneclick.sandbox.it.SandboxAdmin
SandboxAdmin.connect(sandboxUrl, sandboxInfoFile).reset('demo')
return true
