import io.github.oneclick.sandbox.it.SandboxAdmin
SandboxAdmin.connect(sandboxUrl, sandboxInfoFile).reset('listing-lag')
return true
