import io.github.oneclick.sandbox.it.SandboxAdmin
def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text
assert log.contains('The image did not pass validation')
// Without the cleanup, the key the droplet was created with (and logged in with) is still in root's authorized_keys.
assert log.contains('[FAIL] MP-ROOT-SSH')
assert log.contains('marketplace.cleanup=true')
assert log.contains('[FAIL] MP-DO-AGENT')
assert new File(basedir, 'target/marketplace/TEST-marketplace-validation.xml').isFile()
// A failed validation stops the pipeline before anything changes.
assert sandbox.mutatingCount() == 0
return true
