import io.github.oneclick.sandbox.it.SandboxAdmin
def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text
assert log.contains('Image 140000004 was not found for this token')
assert log.contains('another team')
assert sandbox.mutatingCount() == 0 : 'nothing is sent after a failed preflight'
return true
