#!/usr/bin/perl
# hotline: make an update script (ALTER EXTENSION hotline UPDATE) from its
# pieces; run by the Makefile.
#
#   perl expand.pl PIECE... -- SOURCE...
#
# Prints the PIECEs (extension/upgrade/FROM--TO/*.sql, in the order given)
# one after the other, with every line of the form
#
#   --@ function name(arguments as the install script writes them)
#   --@ function or replace name(arguments ...)
#   --@ view name, --@ view or replace name
#   --@ table name
#   --@ text search parser|template|dictionary|configuration name
#
# replaced by the text of that function in the install script's pieces
# (SOURCEs): its CREATE FUNCTION statement through the closing "$$;" (or
# ";", or the "END;" of a BEGIN ATOMIC body) line, and the COMMENT ON
# FUNCTION right after it; "or replace" makes it CREATE OR REPLACE FUNCTION
# (a view: its CREATE VIEW statement and COMMENT ON VIEW; a table: its
# CREATE TABLE statement and the lines after it up to the first empty one,
# its indexes, comments and pg_dump marks; a text search object: its
# CREATE TEXT SEARCH statement and the ALTER and COMMENT ON of it after it).  So an update re-creates a changed function
# from the one text the install script has, and no function is written
# twice in the tree.  The arguments are compared with runs of white space
# made one space.  Likewise a line
#
#   --@ trigger name
#
# is replaced by the install script's CREATE TRIGGER statement of that name
# (a changed trigger is dropped by the piece, then made from the one text).
# A line
#
#   --@ plugin name
#
# is replaced by the whole text of the workflow plugin's files
# (workflows/name/*.sql among the SOURCEs, in their order): a plugin new in
# an update is created as CREATE EXTENSION creates it.
# A directive naming no function (or trigger, or plugin) of the install
# script stops the build.
use strict;
use warnings;

my (@pieces, @sources);
my $list = \@pieces;
for my $arg (@ARGV) {
	if ($arg eq '--') { $list = \@sources; next; }
	push @$list, $arg;
}
die "usage: expand.pl PIECE... -- SOURCE...\n" unless @sources;

# read_lines(PATH): the file's lines, without their newlines
sub read_lines {
	my ($path) = @_;
	open(my $fh, '<', $path) or die "expand.pl: cannot read $path: $!\n";
	my @lines = <$fh>;
	close $fh;
	chomp @lines;
	return @lines;
}

# arguments(LINES, I): the argument list of the function whose CREATE line
# is LINES[I], white space normalised
sub arguments {
	my ($lines, $i) = @_;
	my $last = $i + 59 < $#$lines ? $i + 59 : $#$lines;
	my $text = join("\n", @$lines[$i .. $last]);
	my $start = index($text, '(');
	my $depth = 0;
	my $end = length $text;
	for my $k ($start .. length($text) - 1) {
		my $ch = substr($text, $k, 1);
		$depth++ if $ch eq '(';
		if ($ch eq ')') {
			$depth--;
			if ($depth == 0) { $end = $k; last; }
		}
	}
	my $args = substr($text, $start + 1, $end - $start - 1);
	$args =~ s/\s+/ /g;
	$args =~ s/^ | $//g;
	return $args;
}

# The install script's functions: "name(args)" -> their lines
my %text;
for my $path (@sources) {
	my @lines = read_lines($path);
	my $i = 0;
	while ($i <= $#lines) {
		unless ($lines[$i] =~ /^CREATE (?:OR REPLACE )?FUNCTION \@extschema\@\.([a-z0-9_]+)\(/) {
			$i++;
			next;
		}
		my $key = "$1(" . arguments(\@lines, $i) . ")";
		my ($j, $dollar, $atomic) = ($i, 0, 0);
		while (1) {
			die "expand.pl: $path: no end of function $key\n" if $j > $#lines;
			my $n = () = $lines[$j] =~ /\$\$/g;
			$dollar = !$dollar if $n % 2 == 1;
			# an SQL-standard body (BEGIN ATOMIC ... END;) ends at its END
			$atomic = 1 if !$dollar && $lines[$j] =~ /^BEGIN ATOMIC\s*$/;
			last if !$dollar && ($atomic ? $lines[$j] =~ /^END;\s*$/ : $lines[$j] =~ /;\s*$/);
			$j++;
		}
		my $k = $j + 1;
		my $name = $key =~ s/\(.*//sr;
		if ($k <= $#lines && index($lines[$k], "COMMENT ON FUNCTION \@extschema\@.$name(") == 0) {
			$k++ while $k <= $#lines && $lines[$k] !~ /;\s*$/;
			$j = $k;
		}
		$text{$key} //= [@lines[$i .. $j]];
		$i = $j + 1;
	}
	# views: "view name" -> the CREATE VIEW statement (through the line
	# that ends with ";") and the COMMENT ON VIEW right after it
	for (my $v = 0; $v <= $#lines; $v++) {
		next unless $lines[$v] =~ /^CREATE (?:OR REPLACE )?VIEW \@extschema\@\.([a-z0-9_]+)(?: WITH \([a-z_ =]+\))? AS/;
		my $name = $1;
		my $j = $v;
		$j++ while $j <= $#lines && $lines[$j] !~ /;\s*$/;
		die "expand.pl: $path: no end of view $name\n" if $j > $#lines;
		my $k = $j + 1;
		if ($k <= $#lines && index($lines[$k], "COMMENT ON VIEW \@extschema\@.$name IS") == 0) {
			$k++ while $k <= $#lines && $lines[$k] !~ /;\s*$/;
			$j = $k;
		}
		$text{"view $name"} //= [@lines[$v .. $j]];
	}
	# tables: "table name" -> the CREATE TABLE statement and the lines
	# after it up to the first empty one (its indexes, comments and pg_dump
	# marks)
	for (my $v = 0; $v <= $#lines; $v++) {
		next unless $lines[$v] =~ /^CREATE TABLE \@extschema\@\.([a-z0-9_]+) \(/;
		my $name = $1;
		my $j = $v;
		$j++ while $j < $#lines && $lines[$j + 1] ne '';
		$text{"table $name"} //= [@lines[$v .. $j]];
	}
}

# The install script's text search objects: "parser name" (template,
# dictionary, configuration) -> the lines of its CREATE TEXT SEARCH
# statement, then of every ALTER and COMMENT ON of it that follow
my %textsearch;
for my $path (@sources) {
	my @lines = read_lines($path);
	for my $i (0 .. $#lines) {
		next unless $lines[$i] =~ /^CREATE TEXT SEARCH (PARSER|TEMPLATE|DICTIONARY|CONFIGURATION) \@extschema\@\.([a-z0-9_]+) /;
		my ($kind, $name) = (lc $1, $2);
		my @body;
		for my $k ($i .. $#lines) {
			my $line = $lines[$k];
			last if $k > $i && @body && $body[-1] =~ /;\s*$/
				&& index($line, "ALTER TEXT SEARCH \U$kind\E \@extschema\@.$name ") != 0
				&& index($line, "COMMENT ON TEXT SEARCH \U$kind\E \@extschema\@.$name IS") != 0;
			push @body, $line;
		}
		$textsearch{"$kind $name"} //= [@body];
	}
}

# The install script's triggers: name -> the lines of its CREATE TRIGGER
my %trigger;
for my $path (@sources) {
	my @lines = read_lines($path);
	for my $i (0 .. $#lines) {
		next unless $lines[$i] =~ /^CREATE TRIGGER ([a-z0-9_]+) /;
		my $name = $1;
		my $j = $i;
		$j++ while $j < $#lines && $lines[$j] !~ /;\s*$/;
		# a name used on two tables is ambiguous: a directive naming it stops
		$trigger{$name} = $trigger{$name} ? 'twice' : [@lines[$i .. $j]];
	}
}

for my $piece (@pieces) {
	for my $line (read_lines($piece)) {
		if ($line =~ /^--\@ trigger ([a-z0-9_]+)\s*$/) {
			die "expand.pl: $piece: the install script has no trigger $1\n" unless $trigger{$1};
			die "expand.pl: $piece: the install script creates trigger $1 on two tables\n" unless ref $trigger{$1};
			print "$_\n" for @{ $trigger{$1} };
		}
		elsif ($line =~ /^--\@ function (or replace )?([a-z0-9_]+)\((.*)\)\s*$/) {
			my ($replace, $name, $args) = ($1, $2, $3);
			$args =~ s/\s+/ /g;
			$args =~ s/^ | $//g;
			my $key = "$name($args)";
			die "expand.pl: $piece: the install script has no function $key\n" unless $text{$key};
			my @body = @{ $text{$key} };
			$body[0] =~ s/^CREATE (?:OR REPLACE )?FUNCTION/$replace ? 'CREATE OR REPLACE FUNCTION' : 'CREATE FUNCTION'/e;
			print "$_\n" for @body;
		}
		elsif ($line =~ /^--\@ text search (parser|template|dictionary|configuration) ([a-z0-9_]+)\s*$/) {
			die "expand.pl: $piece: the install script has no text search $1 $2\n" unless $textsearch{"$1 $2"};
			print "$_\n" for @{ $textsearch{"$1 $2"} };
		}
		elsif ($line =~ /^--\@ table ([a-z0-9_]+)\s*$/) {
			die "expand.pl: $piece: the install script has no table $1\n" unless $text{"table $1"};
			print "$_\n" for @{ $text{"table $1"} };
		}
		elsif ($line =~ /^--\@ plugin ([a-z0-9_]+)\s*$/) {
			my $name = $1;
			my @files = grep { m{(?:^|/)workflows/\Q$name\E/[^/]+\.sql$} } @sources;
			die "expand.pl: $piece: the install script has no plugin $name\n" unless @files;
			for my $path (@files) {
				print "$_\n" for read_lines($path);
			}
		}
		elsif ($line =~ /^--\@ view (or replace )?([a-z0-9_]+)\s*$/) {
			my ($replace, $name) = ($1, $2);
			die "expand.pl: $piece: the install script has no view $name\n" unless $text{"view $name"};
			my @body = @{ $text{"view $name"} };
			$body[0] =~ s/^CREATE (?:OR REPLACE )?VIEW/$replace ? 'CREATE OR REPLACE VIEW' : 'CREATE VIEW'/e;
			print "$_\n" for @body;
		}
		elsif ($line =~ /^--\@/) {
			die "expand.pl: $piece: a directive it does not know: $line\n";
		}
		else {
			print "$line\n";
		}
	}
}
