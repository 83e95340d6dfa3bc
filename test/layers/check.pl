#!/usr/bin/perl
# hotline: checks of the layers (issue 9), as TAP; run by test/run.sh.
#
#   perl test/layers/check.pl PIECES_FILE WORDS_FILE
#
# PIECES_FILE lists the install script's pieces in the order the Makefile
# concatenates them (make -s print-sql-pieces), one path per line.
# WORDS_FILE holds the names the built-in 12345 workflow declares (its
# states, actions, roles, parameters, settings and rules), one per line, as
# the installed extension lists them (test/layers/words.sql).
#
# Checks:
#   1. every piece calls only functions defined in itself or in an earlier
#      piece (the pieces are in dependency order: a newcomer reads them from
#      the first to the last);
#   2. the platform (extension/platform: C and SQL) and the hotline domain
#      (extension/domain) name no action, state, role, parameter, setting
#      or rule of the 12345 workflow, and no 12345 text: that knowledge
#      lives in its plugin (workflows/12345_appeal/).  Comments may mention
#      them (they explain); code and strings may not.  Names the platform or
#      the domain define themselves (their columns, effect and escalation
#      kinds) are not the plugin's, even when the plugin uses them too.
use strict;
use warnings;

my ($pieces_file, $words_file, @c_files) = @ARGV;
die "usage: check.pl PIECES_FILE WORDS_FILE [C_FILE...]\n" unless defined $words_file;

my $n = 0;
my $failed = 0;

# ok(COND, NAME, DIAG...): one TAP line
sub ok {
	my ($cond, $name, @diag) = @_;
	$n++;
	print(($cond ? "ok" : "not ok") . " $n - $name\n");
	print "# $_\n" for @diag;
	$failed++ unless $cond;
}

# slurp(PATH): the file's text
sub slurp {
	my ($path) = @_;
	open(my $fh, '<:encoding(UTF-8)', $path) or die "cannot read $path: $!\n";
	local $/;
	my $text = <$fh>;
	close $fh;
	return $text;
}

# strip_sql(TEXT): the text with its -- comments blanked (line numbers kept);
# a -- inside a quoted literal is kept
sub strip_sql {
	my ($text) = @_;
	my @out;
	for my $line (split /\n/, $text, -1) {
		my $in = 0;
		my $cut = length $line;
		for (my $i = 0; $i < length($line) - 1; $i++) {
			my $ch = substr($line, $i, 1);
			$in = !$in if $ch eq "'";
			if (!$in && substr($line, $i, 2) eq '--') {
				$cut = $i;
				last;
			}
		}
		push @out, substr($line, 0, $cut);
	}
	return join("\n", @out);
}

# strip_c(TEXT): the text with its /* */ and // comments blanked (newlines
# kept)
sub strip_c {
	my ($text) = @_;
	$text =~ s{/\*.*?\*/}{ my $c = $&; $c =~ s/[^\n]//g; $c }gse;
	$text =~ s{//[^\n]*}{}g;
	return $text;
}

# strip_comments_on(TEXT): TEXT with the texts of its COMMENT ON statements
# blanked (newlines kept): documentation may name anything
sub strip_comments_on {
	my ($text) = @_;
	$text =~ s{(COMMENT\s+ON\b[^;']*\bIS\s*)('(?:[^']|'')*')}{ my ($h, $t) = ($1, $2); $t =~ s/[^\n]//g; $h . $t }gse;
	return $text;
}

# line_of(TEXT, OFFSET): the 1-based line number of OFFSET in TEXT
sub line_of {
	my ($text, $offset) = @_;
	return 1 + (substr($text, 0, $offset) =~ tr/\n//);
}

my @pieces = grep { length } split /\n/, slurp($pieces_file);
my %words = map { $_ => 1 } grep { length } split /\n/, slurp($words_file);

# 1. dependency order
my %defined_in;    # function name -> index of the piece defining it first
my @code;
for my $i (0 .. $#pieces) {
	$code[$i] = strip_sql(slurp($pieces[$i]));
	while ($code[$i] =~ /CREATE\s+(?:OR\s+REPLACE\s+)?(?:FUNCTION|PROCEDURE)\s+(?:\@extschema\@|hotline)\.(\w+)\s*\(/gi) {
		$defined_in{lc $1} //= $i;
	}
}
for my $i (0 .. $#pieces) {
	my @late;
	# a COMMENT's text may name a later function (how to use it): not a call
	my $calls = strip_comments_on($code[$i]);
	while ($calls =~ /(?:\@extschema\@|hotline)\.(\w+)\s*\(/g) {
		my ($name, $at) = (lc $1, $-[0]);
		next unless exists $defined_in{$name};
		next if $defined_in{$name} <= $i;
		push @late, sprintf("%s:%d calls %s, defined later in %s", $pieces[$i], line_of($calls, $at),
			$name, $pieces[$defined_in{$name}]);
	}
	ok(!@late, "$pieces[$i] calls only functions defined before it", @late);
}

# 2. no 12345 knowledge below the plugin
my @lower = grep { m{^extension/(platform|domain)/} } (@pieces, @c_files);
ok(scalar(@lower) > 0, "there are platform and domain files to check");
for my $path (@lower) {
	my $is_c = $path =~ /\.[ch]$/;
	my $text = $is_c ? strip_c(slurp($path)) : strip_comments_on(strip_sql(slurp($path)));
	my $platform = $path =~ m{^extension/platform/};
	my @found;
	for my $word (sort keys %words) {
		# a name with an underscore is distinctive anywhere; a plain word
		# only as a quoted literal ('closed', "reply")
		my $re = $word =~ /_/ ? qr/\b\Q$word\E\b/ : qr/(?<=['"])\Q$word\E(?=['"])/;
		while ($text =~ /$re/g) {
			push @found, sprintf("%s:%d names \"%s\"", $path, line_of($text, $-[0]), $word);
		}
	}
	# the platform knows no hotline number; no layer holds a workflow's
	# message texts (their sender tag: 【12345热线】)
	my $texts = $platform ? qr/12345|热线|【/ : qr/【/;
	while ($text =~ /$texts/g) {
		push @found, sprintf("%s:%d has the text \"%s\"", $path, line_of($text, $-[0]), $&);
	}
	ok(!@found, "$path names nothing of the 12345 workflow", @found);
}

print "1..$n\n";
exit($failed ? 1 : 0);
