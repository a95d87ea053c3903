import groovy.json.JsonSlurper
import io.github.oneclick.sandbox.it.SandboxAdmin

def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text

// The droplet found by name, reached with the key from ${user.home}/.ssh and the host key the home knows, cleaned up
// and validated; then one snapshot and one listing update.
assert log.contains('Droplet 3164444 (acme-build-01) is at 127.0.0.1.')
assert log.contains('Cleanup: ssh-keys')
assert log.contains('All Tests Passed!')
assert !log.contains('[FAIL] ')
def snap = new JsonSlurper().parse(new File(basedir, 'target/marketplace/snapshot.json'))
sandbox.assertOneSnapshotAndOneReleaseOf('60089fc6d333037bffa70d9b', snap.imageId as long)
assert sandbox.app('60089fc6d333037bffa70d9b').at('/customData/version').asText() == '2.0.0'
// The known host was found, not added.
def knownHosts = new File(new File(sandboxInfoFile).parentFile, 'readme-plugin-home/.ssh/known_hosts')
assert knownHosts.readLines().size() == 1
return true
