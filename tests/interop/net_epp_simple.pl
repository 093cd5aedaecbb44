#!/usr/bin/perl
# An independent client against epp-sim: Debian's Net::EPP::Simple logs in,
# checks, creates and reads a domain. Every frame the simulator sends
# (greeting and responses) is validated against the RFC schemas.
#
# usage: net_epp_simple.pl PORT CERT_DIR SCHEMA_DIR
use strict;
use warnings;
use Test::More;
use Net::EPP::Simple;
use XML::LibXML;

my ($port, $certs, $schema_dir) = @ARGV;
die "usage: $0 PORT CERT_DIR SCHEMA_DIR\n" unless defined $schema_dir;

my $schema = XML::LibXML::Schema->new(location => "$schema_dir/all.xsd");
my $validated = 0;

package ValidatingEPP;
use parent -norequire, 'Net::EPP::Simple';

# Every frame from the server passes through here.
sub get_frame {
	my $self = shift;
	my $frame = $self->SUPER::get_frame(@_);
	if (defined $frame) {
		eval { $schema->validate($frame) };
		die "epp-sim sent an invalid frame: $@\n" . $frame->toString(1)
		    if $@;
		$validated++;
	}
	return $frame;
}

package main;

my $epp = ValidatingEPP->new(
	host        => 'localhost',
	port        => $port,
	user        => 'ClientA',
	pass        => 'passwordA',
	verify      => 1,
	ca_file     => "$certs/ca.pem",
	cert        => "$certs/client.pem",
	key         => "$certs/client-key.pem",
	timeout     => 10,
	load_config => 0,
);
ok($epp, 'connected and logged in')
    or BAIL_OUT("login failed: $Net::EPP::Simple::Error");
like($epp->greeting->toString, qr/eppkit epp-sim/, 'greeting names the server');

is($epp->check_domain('perl-interop.test'), 1, 'domain is available');
is($epp->check_contact('perl-c1'), 1, 'contact is available');

ok($epp->create_contact({
	id         => 'perl-c1',
	postalInfo => { int => {
		name => 'Perl Person',
		org  => 'Interop Ltd',
		addr => {
			street => ['1 Camel Way'],
			city   => 'London',
			sp     => '',
			pc     => 'N1 1AA',
			cc     => 'GB',
		},
	} },
	voice    => '+44.2071234567',
	fax      => '',
	email    => 'perl@example.test',
	authInfo => 'perl-auth-1',
}), 'contact created') or diag($Net::EPP::Simple::Error);

ok($epp->create_host({
	name  => 'ns1.perl-interop.example',
	addrs => [ { ip => '192.0.2.53', version => 'v4' } ],
}), 'host created') or diag($Net::EPP::Simple::Error);

ok($epp->create_domain({
	name       => 'perl-interop.test',
	period     => 1,
	registrant => 'perl-c1',
	contacts   => { admin => 'perl-c1', tech => 'perl-c1' },
	ns         => ['ns1.perl-interop.example'],
	authInfo   => 'perl-dom-1',
}), 'domain created') or diag($Net::EPP::Simple::Error);
is($Net::EPP::Simple::Code, 1000, 'create answered 1000');

is($epp->check_domain('perl-interop.test'), 0, 'domain is taken now');

ok(!$epp->create_domain({
	name       => 'perl-interop.test',
	period     => 1,
	registrant => 'perl-c1',
	contacts   => {},
	authInfo   => 'perl-dom-1',
}), 'second create refused');
is($Net::EPP::Simple::Code, 2302, 'with 2302 object exists');

my $info = $epp->domain_info('perl-interop.test');
ok($info, 'domain info') or diag($Net::EPP::Simple::Error);
is($info->{name}, 'perl-interop.test', 'info: name');
is($info->{clID}, 'ClientA', 'info: sponsor');
is($info->{registrant}, 'perl-c1', 'info: registrant');
is($info->{contacts}{admin}, 'perl-c1', 'info: admin contact');
is_deeply($info->{ns}, ['ns1.perl-interop.example'], 'info: name servers');
is($info->{authInfo}, 'perl-dom-1', 'info: authInfo for the sponsor');
ok($info->{exDate}, 'info: expiry date');

my $c = $epp->contact_info('perl-c1');
is($c->{postalInfo}{int}{org}, 'Interop Ltd', 'contact info: org');

ok($epp->logout, 'logged out');
cmp_ok($validated, '>=', 12, "$validated frames were schema-valid");
done_testing();
