import groovy.json.JsonSlurper
import io.github.oneclick.sandbox.it.SandboxAdmin

def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text
def snap = new JsonSlurper().parse(new File(basedir, 'target/marketplace/snapshot.json'))
// Each went out once; the snapshot was found in the droplet's actions, the release confirmed by reading the listing.
sandbox.assertOneSnapshotAndOneReleaseOf('60089fc6d333037bffa70d9b', snap.imageId as long)
assert log.contains('found in droplet 3164444\'s actions')
assert log.contains('reading the listing back showed image ' + snap.imageId)
def release = new JsonSlurper().parse(new File(basedir, 'target/marketplace/release.json'))
assert release.confirmedByReading == true
return true
