def log = new File(basedir, 'build.log').text
assert log.contains('All Tests Passed!')
// The risk is stated in the log.
assert log.contains('accept-new')
// The key was recorded in the build's own known_hosts, as the droplet serves it...
def recorded = new File(basedir, 'target/marketplace/known_hosts')
assert recorded.isFile()
def served = new File(sandboxInfoFile).parentFile.toPath().resolve('../../src/test/resources/sandbox/ssh_host_ecdsa_key.pub')
        .normalize().toFile().text.split(' ')[1]
assert recorded.text.contains(served)
// ...and never in the user's.
def userKnownHosts = new File(System.getProperty('user.home'), '.ssh/known_hosts')
assert new File(basedir, 'user-known-hosts.before').text == (userKnownHosts.isFile() ? userKnownHosts.text : '<absent>')
return true
