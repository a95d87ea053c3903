import io.github.oneclick.sandbox.it.SandboxAdmin

def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text

// the plan of every goal, and not one request that changes anything
assert log.contains('Dry run: would create droplet acme-lemp-build-')
assert log.contains('Dry run: would upload /var/lib/cloud/scripts/per-instance/001_onboot (mode 0755)')
assert log.contains('Dry run: would run 010-install-nginx.sh')
assert log.contains('Dry run: would validate the build droplet')
assert log.contains('Dry run: would shut down the build droplet')
assert log.contains('Dry run: would create a droplet from the image')
assert sandbox.mutatingCount() == 0
assert !new File(basedir, 'target/marketplace/build.json').exists()
sandbox.assertNoIncidents()
return true
