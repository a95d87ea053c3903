import io.github.oneclick.sandbox.it.SandboxAdmin
def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text
assert log.contains('Dry run step: ')
assert log.contains('Dry run: the droplet does not pass validation as it is now') : 'the cleanup a real run does first is not run'
assert log.contains('its image would be released to app')
assert sandbox.mutatingCount() == 0 : 'a dry run never posts, patches or deletes'
assert sandbox.requests().size() > 0 : 'the read-only checks did run'
assert !new File(basedir, 'target/marketplace/snapshot.json').exists()
return true
