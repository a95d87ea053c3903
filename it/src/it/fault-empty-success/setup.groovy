import io.github.oneclick.sandbox.it.SandboxAdmin
// DigitalOcean applies the snapshot POST but its answer is an empty object instead of {"action": ...}.
SandboxAdmin.connect(sandboxUrl, sandboxInfoFile).reset('demo')
  .faults('{"method":"POST","path":"/v2/droplets/*/actions","bodyContains":"\\"snapshot\\"","kind":"after_applying","status":201,"body":"{}"}')
return true
