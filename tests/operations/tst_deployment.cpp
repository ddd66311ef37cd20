// The deployment files, checked with the tools that run here (no Docker engine, no systemd as
// PID 1): what cmake --install puts where, the unit as systemd-analyze reads it, the .deb cpack
// builds, the man page and settings file against --help, the Dockerfile against the README and
// against the libraries the daemon loads, docker-compose.yml and docker-compose.replicas.yml as
// docker-compose reads them, and the HAProxy image of the replicas.

#include "support/DaemonProcess.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString kSource = QStringLiteral(DDALAB_SOURCE_DIR);
const QString kBuild = QStringLiteral(DDALAB_BUILD_DIR);

struct Run
{
    int exitCode = -1;
    QString output; // standard output
    QString errors; // standard error
};

Run run(const QString &program, const QStringList &arguments,
        const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
        const QByteArray &input = {})
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    if (!process.waitForStarted(10000))
        return {-1, {}, program + u" does not start: "_s + process.errorString()};
    process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(120000);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

QString readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

QStringList filesUnder(const QString &root)
{
    QStringList files;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(it.next().mid(root.size()));
    files.sort();
    return files;
}

// DESTDIR=stage cmake --install BUILD --prefix prefix
Run install(const QString &stage, const QString &prefix)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"DESTDIR"_s, stage);
    return run(u"cmake"_s, {u"--install"_s, kBuild, u"--prefix"_s, prefix}, environment);
}

// The setting names --help lists in brackets.
QStringList settingsOfHelp()
{
    const Run help = run(QStringLiteral(DDALAB_BROKER_BINARY), {u"--help"_s});
    QStringList names;
    static const QRegularExpression bracketed(u"\\[([A-Z][A-Z0-9_]+)\\]"_s);
    for (auto it = bracketed.globalMatch(help.output); it.hasNext();)
        names.append(it.next().captured(1));
    return names;
}

// A file's instructions with continuation lines joined and comments dropped.
QStringList dockerInstructions(const QString &dockerfile)
{
    QStringList instructions;
    QString current;
    for (const QString &raw : dockerfile.split(u'\n')) {
        const QString line = raw.trimmed();
        if (current.isEmpty() && (line.isEmpty() || line.startsWith(u'#')))
            continue;
        if (line.endsWith(u'\\')) {
            current += line.chopped(1) + u' ';
            continue;
        }
        instructions.append((current + line).simplified());
        current.clear();
    }
    return instructions;
}

// The stages of a Dockerfile: the instructions from each FROM to the next.
QList<QStringList> dockerStages(const QString &dockerfile)
{
    QList<QStringList> stages;
    for (const QString &instruction : dockerInstructions(dockerfile)) {
        if (instruction.startsWith(u"FROM "_s))
            stages.append(QStringList());
        if (!stages.isEmpty())
            stages.last().append(instruction);
    }
    return stages;
}

// The shell commands of a stage's RUN instructions, split at &&, leading VAR=value dropped.
QStringList runCommands(const QStringList &stage)
{
    static const QRegularExpression assignment(u"^([A-Z_]+=\\S*\\s+)+"_s);
    QStringList commands;
    for (const QString &instruction : stage) {
        if (!instruction.startsWith(u"RUN "_s))
            continue;
        for (const QString &command : instruction.mid(4).split(u"&&"_s))
            commands.append(command.trimmed().remove(assignment));
    }
    return commands;
}

// The services of a Compose file as docker-compose resolves it with POSTGRES_PASSWORD set, read
// as JSON (python3-yaml comes with docker-compose); empty with the tools' errors in error.
QJsonObject composeServices(const QString &file, QString *error)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"POSTGRES_PASSWORD"_s, u"0123456789abcdef"_s);
    const Run config = run(u"docker-compose"_s, {u"--file"_s, file, u"config"_s}, environment);
    const Run json =
        run(u"python3"_s,
            {u"-c"_s, u"import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))"_s},
            QProcessEnvironment::systemEnvironment(), config.output.toUtf8());
    if (config.exitCode != 0 || json.exitCode != 0) {
        *error = config.errors + json.errors;
        return {};
    }
    return QJsonDocument::fromJson(json.output.toUtf8()).object().value("services"_L1).toObject();
}

// Whether the daemon reads a service's environment as valid settings (it exits 0 on --version
// only then).
bool daemonAcceptsEnvironment(const QJsonObject &environment, QString *output)
{
    DaemonProcess check;
    for (auto it = environment.begin(); it != environment.end(); ++it)
        check.setEnv(it.key(), it.value().toString());
    check.setArguments({u"--version"_s});
    return check.runToExit(output) == 0;
}

} // namespace

class TestDeployment : public QObject
{
    Q_OBJECT

private slots:
    void installPutsEveryFileInPlace();
    void unitPassesSystemdAnalyze();
    void settingsAreDocumentedEverywhere();
    void debianPackage();
    void dockerfileBuildsWithTheReadmeCommands();
    void dockerImageCarriesWhatTheDaemonLoads();
    void composeFile();
    void composeReplicasFile();
    void balancerImageIsDebians();
};

void TestDeployment::installPutsEveryFileInPlace()
{
    QTemporaryDir stage;
    const Run installed = install(stage.path(), u"/usr"_s);
    QVERIFY2(installed.exitCode == 0, qPrintable(installed.output + installed.errors));
    QCOMPARE(filesUnder(stage.path()), (QStringList{
                                           u"/etc/ddalab-broker/broker.env"_s,
                                           u"/usr/bin/ddalab-broker-monitor"_s,
                                           u"/usr/lib/systemd/system/ddalab-broker.service"_s,
                                           u"/usr/lib/sysusers.d/ddalab-broker.conf"_s,
                                           u"/usr/sbin/ddalab-broker"_s,
                                           u"/usr/share/doc/ddalab-broker/README.md"_s,
                                           u"/usr/share/doc/ddalab-broker/examples/"
                                           "ddalab-broker-alerts.yml"_s,
                                           u"/usr/share/doc/ddalab-broker/examples/"
                                           "ddalab-broker.json"_s,
                                           u"/usr/share/doc/ddalab-broker/examples/haproxy.cfg"_s,
                                           u"/usr/share/man/man8/ddalab-broker.8.gz"_s,
                                       }));
    const QString settings = stage.filePath(u"etc/ddalab-broker/broker.env"_s);
    QCOMPARE(QFileInfo(settings).permissions() & (QFile::ReadOther | QFile::WriteOther),
             QFile::Permissions());
    const QString unit =
        readFile(stage.filePath(u"usr/lib/systemd/system/ddalab-broker.service"_s));
    QVERIFY(unit.contains(u"\nExecStart=/usr/sbin/ddalab-broker\n"_s));
    QVERIFY(unit.contains(u"\nEnvironment=CONFIG_FILE=/etc/ddalab-broker/broker.env\n"_s));

    // An administrator's settings survive the next install.
    QFile edited(settings);
    QVERIFY(edited.open(QIODevice::WriteOnly | QIODevice::Append));
    edited.write("INSTITUTION_NAME=Kept\n");
    edited.close();
    QCOMPARE(install(stage.path(), u"/usr"_s).exitCode, 0);
    QVERIFY(readFile(settings).endsWith(u"INSTITUTION_NAME=Kept\n"_s));

    // Another prefix: the unit points there.
    QTemporaryDir local;
    QCOMPARE(install(local.path(), u"/usr/local"_s).exitCode, 0);
    const QString localUnit =
        readFile(local.filePath(u"usr/local/lib/systemd/system/ddalab-broker.service"_s));
    QVERIFY(localUnit.contains(u"\nExecStart=/usr/local/sbin/ddalab-broker\n"_s));
    QVERIFY(localUnit.contains(
        u"\nEnvironment=CONFIG_FILE=/usr/local/etc/ddalab-broker/broker.env\n"_s));
    QVERIFY(QFile::exists(local.filePath(u"usr/local/etc/ddalab-broker/broker.env"_s)));
}

void TestDeployment::unitPassesSystemdAnalyze()
{
    QTemporaryDir stage;
    QCOMPARE(install(stage.path(), u"/usr"_s).exitCode, 0);
    QString unit = readFile(stage.filePath(u"usr/lib/systemd/system/ddalab-broker.service"_s));
    for (const QString &directive :
         {u"Type=notify"_s, u"DynamicUser=yes"_s, u"StateDirectory=ddalab-broker"_s,
          u"ProtectSystem=strict"_s, u"NoNewPrivileges=yes"_s, u"Restart=on-failure"_s,
          u"ExecReload=/bin/kill -HUP $MAINPID"_s, u"SupplementaryGroups=ddalab-broker-config"_s,
          u"WantedBy=multi-user.target"_s})
        QVERIFY2(unit.split(u'\n').contains(directive), qPrintable(directive));
    // systemd-analyze also checks that ExecStart names an executable: the staged one.
    unit.replace(u"ExecStart=/usr/sbin/"_s, u"ExecStart="_s + stage.path() + u"/usr/sbin/"_s);
    const QString copy = stage.filePath(u"ddalab-broker.service"_s);
    QFile file(copy);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(unit.toUtf8());
    file.close();
    const Run verified = run(u"systemd-analyze"_s, {u"verify"_s, u"--man=no"_s, copy});
    // A directive it does not know is only a warning: any output fails the test.
    QVERIFY2(verified.exitCode == 0 && verified.output.isEmpty() && verified.errors.isEmpty(),
             qPrintable(verified.output + verified.errors));
}

void TestDeployment::settingsAreDocumentedEverywhere()
{
    const QStringList names = settingsOfHelp();
    QVERIFY(names.size() >= 30);
    QTemporaryDir stage;
    QCOMPARE(install(stage.path(), u"/usr"_s).exitCode, 0);
    const Run man =
        run(u"gzip"_s, {u"-dc"_s, stage.filePath(u"usr/share/man/man8/ddalab-broker.8.gz"_s)});
    const QString readme = readFile(kSource + u"/README.md"_s);
    const QString settingsFile = readFile(kSource + u"/resources/broker.env"_s);
    for (const QString &name : names) {
        QVERIFY2(readme.contains(u"| `%1` |"_s.arg(name)), qPrintable(u"README: "_s + name));
        // help2man escapes '-' and wraps lines; the bracketed names survive.
        QVERIFY2(man.output.contains(u'[' + name.left(8)), qPrintable(u"man page: "_s + name));
        if (name != "CONFIG_FILE"_L1)
            QVERIFY2(settingsFile.contains(u'#' + name + u'='),
                     qPrintable(u"broker.env: "_s + name));
    }
    for (const QString &section : {u".SH SIGNALS"_s, u".SH ENDPOINTS"_s, u".SH \"EXIT STATUS\""_s})
        QVERIFY2(man.output.contains(section), qPrintable(section));
}

void TestDeployment::debianPackage()
{
    QTemporaryDir out;
    const Run packed = run(u"cpack"_s, {u"-G"_s, u"DEB"_s, u"--config"_s,
                                        kBuild + u"/CPackConfig.cmake"_s, u"-B"_s, out.path()});
    QVERIFY2(packed.exitCode == 0, qPrintable(packed.output + packed.errors));
    const QStringList debs = QDir(out.path()).entryList({u"*.deb"_s});
    QCOMPARE(debs, QStringList{u"ddalab-broker_0.1.0_amd64.deb"_s});
    const QString deb = out.filePath(debs.first());

    const Run contents = run(u"dpkg-deb"_s, {u"--contents"_s, deb});
    QCOMPARE(contents.exitCode, 0);
    for (const QString &path :
         {u"./usr/sbin/ddalab-broker"_s, u"./usr/bin/ddalab-broker-monitor"_s,
          u"./usr/lib/systemd/system/ddalab-broker.service"_s,
          u"./usr/lib/sysusers.d/ddalab-broker.conf"_s, u"./etc/ddalab-broker/broker.env"_s,
          u"./usr/share/man/man8/ddalab-broker.8.gz"_s,
          u"./usr/share/doc/ddalab-broker/examples/haproxy.cfg"_s})
        QVERIFY2(contents.output.contains(u' ' + path + u'\n'), qPrintable(path));

    const Run depends = run(u"dpkg-deb"_s, {u"--field"_s, deb, u"Depends"_s});
    for (const QString &package :
         {u"libqt6sql6-sqlite"_s, u"libqt6sql6-psql"_s, u"libqt6core6"_s, u"libqt6httpserver6"_s,
          u"libqt6websockets6"_s, u"libjwt0"_s, u"libavahi-client3"_s, u"libsystemd0"_s})
        QVERIFY2(depends.output.contains(package), qPrintable(package + u": "_s + depends.output));

    QTemporaryDir control;
    QCOMPARE(run(u"dpkg-deb"_s, {u"--control"_s, deb, control.path()}).exitCode, 0);
    QCOMPARE(readFile(control.filePath(u"conffiles"_s)), u"/etc/ddalab-broker/broker.env\n"_s);
    for (const QString &script : {u"postinst"_s, u"prerm"_s, u"postrm"_s}) {
        const QFileInfo info(control.filePath(script));
        QVERIFY2(info.isExecutable(), qPrintable(script));
        QCOMPARE(run(u"sh"_s, {u"-n"_s, info.filePath()}).exitCode, 0);
    }
    // Enabled and started only where systemd runs.
    const QString postinst = readFile(control.filePath(u"postinst"_s));
    QVERIFY(postinst.contains(u"deb-systemd-helper enable ddalab-broker.service"_s));
    QVERIFY(postinst.contains(u"if [ -d /run/systemd/system ]; then"_s));
    QVERIFY(postinst.contains(u"deb-systemd-invoke start ddalab-broker.service"_s));
}

void TestDeployment::dockerfileBuildsWithTheReadmeCommands()
{
    const QString readme = readFile(kSource + u"/README.md"_s);
    const qsizetype marker = readme.indexOf(u"<!-- build-commands:"_s);
    QVERIFY(marker >= 0);
    const qsizetype fence = readme.indexOf(u"```bash\n"_s, marker);
    const qsizetype end = readme.indexOf(u"```"_s, fence + 8);
    QStringList readmeCommands;
    for (const QString &line : readme.mid(fence + 8, end - fence - 8).split(u'\n')) {
        const QString command = line.section(u'#', 0, 0).trimmed();
        if (!command.isEmpty())
            readmeCommands.append(command.simplified());
    }
    QCOMPARE(readmeCommands.size(), 4);

    const QList<QStringList> stages = dockerStages(readFile(kSource + u"/Dockerfile"_s));
    QCOMPARE(stages.size(), 2);
    QCOMPARE(stages[0].first(), u"FROM debian:12 AS build"_s);
    QCOMPARE(runCommands(stages[0]), readmeCommands);
}

void TestDeployment::dockerImageCarriesWhatTheDaemonLoads()
{
    const QList<QStringList> stages = dockerStages(readFile(kSource + u"/Dockerfile"_s));
    QCOMPARE(stages.size(), 2);
    const QStringList &runtime = stages[1];
    QCOMPARE(runtime.first(), u"FROM debian:12"_s);

    QStringList listed;
    for (const QString &command : runCommands(runtime)) {
        if (command.startsWith(u"apt-get install"_s))
            for (const QString &word : command.split(u' ', Qt::SkipEmptyParts).mid(2))
                if (!word.startsWith(u'-'))
                    listed.append(word);
    }
    QVERIFY(!listed.isEmpty());
    for (const QString &package : listed)
        QVERIFY2(run(u"apt-cache"_s, {u"show"_s, u"--no-all-versions"_s, package}).exitCode == 0,
                 qPrintable(package + u" is not a Debian 12 package"_s));

    // Everything the listed packages bring along...
    const Run closure =
        run(u"apt-cache"_s, QStringList{u"depends"_s, u"--recurse"_s, u"--no-recommends"_s,
                                        u"--no-suggests"_s, u"--no-conflicts"_s, u"--no-breaks"_s,
                                        u"--no-replaces"_s, u"--no-enhances"_s} +
                                listed);
    QCOMPARE(closure.exitCode, 0);
    QSet<QString> installed;
    for (const QString &line : closure.output.split(u'\n'))
        if (!line.isEmpty() && !line.startsWith(u' '))
            installed.insert(line.trimmed());
    // ...must hold the package of every library the daemon links, and the SQL driver plugins
    // it loads by name.
    const Run ldd = run(u"ldd"_s, {QStringLiteral(DDALAB_BROKER_BINARY)});
    QCOMPARE(ldd.exitCode, 0);
    QStringList libraries;
    static const QRegularExpression resolved(u"=> (/\\S+)"_s);
    for (auto it = resolved.globalMatch(ldd.output); it.hasNext();) {
        const QString path = QFileInfo(it.next().captured(1)).canonicalFilePath();
        libraries.append(path);
        if (path.startsWith(u"/usr/"_s))
            libraries.append(path.mid(4)); // dpkg may know it under /lib (merged /usr)
    }
    const Run owners = run(u"dpkg"_s, QStringList{u"-S"_s} + libraries);
    QSet<QString> needed{u"libqt6sql6-psql"_s, u"libqt6sql6-sqlite"_s};
    for (const QString &line : owners.output.split(u'\n', Qt::SkipEmptyParts))
        needed.insert(line.section(u':', 0, 0).section(u',', 0, 0));
    QVERIFY(needed.size() > 10);
    for (const QString &package : needed)
        QVERIFY2(installed.contains(package),
                 qPrintable(package + u" is not in the runtime stage's packages"_s));

    QVERIFY(runtime.contains(
        u"COPY --from=build /staging/usr/sbin/ddalab-broker /usr/sbin/ddalab-broker"_s));
    QString user;
    for (const QString &instruction : runtime)
        if (instruction.startsWith(u"USER "_s))
            user = instruction.mid(5);
    QVERIFY2(!user.isEmpty() && user != "root"_L1 && user != "0"_L1, qPrintable(user));
    QVERIFY(std::any_of(runtime.cbegin(), runtime.cend(), [](const QString &instruction) {
        return instruction.startsWith(u"HEALTHCHECK "_s) &&
               instruction.endsWith(u"CMD [\"ddalab-broker\", \"--check-health\"]"_s);
    }));
}

void TestDeployment::composeFile()
{
    QString error;
    const QJsonObject services = composeServices(kSource + u"/docker-compose.yml"_s, &error);
    QVERIFY2(!services.isEmpty(), qPrintable(error));

    const QJsonObject postgres = services.value("postgres"_L1).toObject();
    QCOMPARE(postgres.value("image"_L1).toString(), u"postgres:15"_s);
    QVERIFY(postgres.value("healthcheck"_L1).toObject().contains("test"_L1));
    QCOMPARE(postgres.value("volumes"_L1).toArray().first().toString(),
             u"postgres-data:/var/lib/postgresql/data:rw"_s);
    const QJsonObject broker = services.value("broker"_L1).toObject();
    QCOMPARE(broker.value("depends_on"_L1)
                 .toObject()
                 .value("postgres"_L1)
                 .toObject()
                 .value("condition"_L1)
                 .toString(),
             u"service_healthy"_s);
    QCOMPARE(broker.value("environment"_L1).toObject().value("DATABASE_URL"_L1).toString(),
             u"postgres://broker:0123456789abcdef@postgres:5432/ddalab"_s);
    // The broker's settings parse as the daemon reads them.
    QString output;
    QVERIFY2(daemonAcceptsEnvironment(broker.value("environment"_L1).toObject(), &output),
             qPrintable(output));

    // No password, no start: Compose says so.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"POSTGRES_PASSWORD"_s);
    const Run unset =
        run(u"docker-compose"_s, {u"--file"_s, kSource + u"/docker-compose.yml"_s, u"config"_s},
            environment);
    QVERIFY(unset.exitCode != 0);
    QVERIFY2(unset.errors.contains(u"set POSTGRES_PASSWORD"_s), qPrintable(unset.errors));
}

void TestDeployment::composeReplicasFile()
{
    QString error;
    const QJsonObject single = composeServices(kSource + u"/docker-compose.yml"_s, &error);
    QVERIFY2(!single.isEmpty(), qPrintable(error));
    const QJsonObject services =
        composeServices(kSource + u"/docker-compose.replicas.yml"_s, &error);
    QVERIFY2(!services.isEmpty(), qPrintable(error));
    QStringList names = services.keys();
    names.sort();
    QCOMPARE(names, (QStringList{u"broker-a"_s, u"broker-b"_s, u"haproxy"_s, u"postgres"_s}));

    // The same database as the single broker's, in the same volume.
    QCOMPARE(services.value("postgres"_L1).toObject(), single.value("postgres"_L1).toObject());

    // Two replicas of the single broker's image on that database, each named for the monitor.
    const QJsonObject broker = single.value("broker"_L1).toObject();
    for (const QString &name : {u"broker-a"_s, u"broker-b"_s}) {
        const QJsonObject replica = services.value(name).toObject();
        for (const char *key : {"build", "image", "depends_on", "restart", "stop_grace_period"})
            QVERIFY2(replica.value(QLatin1String(key)) == broker.value(QLatin1String(key)),
                     qPrintable(name + u": "_s + QLatin1String(key)));
        const QJsonObject environment = replica.value("environment"_L1).toObject();
        QCOMPARE(environment.value("DATABASE_URL"_L1).toString(),
                 u"postgres://broker:0123456789abcdef@postgres:5432/ddalab"_s);
        QCOMPARE(environment.value("BIND_ADDR"_L1).toString(), u"0.0.0.0:8080"_s);
        QCOMPARE(environment.value("REPLICA_ADDRESS"_L1).toString(), name);
        QCOMPARE(environment.value("REPLICA_LEASE_SECONDS"_L1).toString(), u"10"_s);
        // Every desktop arrives from the balancer's address.
        QCOMPARE(environment.value("MAX_CONNECTIONS_PER_ADDRESS"_L1).toString(), u"1000000"_s);
        QString output;
        QVERIFY2(daemonAcceptsEnvironment(environment, &output), qPrintable(output));
        // Published on the host's loopback only, for Prometheus: desktops use the balancer.
        for (const QJsonValue &port : replica.value("ports"_L1).toArray())
            QVERIFY2(port.toString().startsWith(u"127.0.0.1:"_s), qPrintable(port.toString()));
    }
    QCOMPARE(services.value("broker-a"_L1).toObject().value("environment"_L1).toObject().size(),
             services.value("broker-b"_L1).toObject().value("environment"_L1).toObject().size());

    // HAProxy, built from resources/haproxy, takes desktops on 8080 and knows both replicas
    // by the names and port they listen on.
    const QJsonObject haproxy = services.value("haproxy"_L1).toObject();
    QCOMPARE(haproxy.value("build"_L1).toObject().value("context"_L1).toString(),
             kSource + u"/resources/haproxy"_s);
    const QJsonObject published = haproxy.value("ports"_L1).toArray().first().toObject();
    QCOMPARE(published.value("published"_L1).toInt(), 8080);
    QCOMPARE(published.value("target"_L1).toInt(), 8080);
    QCOMPARE(
        haproxy.value("environment"_L1).toObject(),
        (QJsonObject{{u"BROKER_A"_s, u"broker-a:8080"_s}, {u"BROKER_B"_s, u"broker-b:8080"_s}}));
    QCOMPARE(haproxy.value("depends_on"_L1).toObject().keys(),
             (QStringList{u"broker-a"_s, u"broker-b"_s}));

    // No password, no start.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"POSTGRES_PASSWORD"_s);
    const Run unset =
        run(u"docker-compose"_s,
            {u"--file"_s, kSource + u"/docker-compose.replicas.yml"_s, u"config"_s}, environment);
    QVERIFY(unset.exitCode != 0);
    QVERIFY2(unset.errors.contains(u"set POSTGRES_PASSWORD"_s), qPrintable(unset.errors));
}

void TestDeployment::balancerImageIsDebians()
{
    const QList<QStringList> stages =
        dockerStages(readFile(kSource + u"/resources/haproxy/Dockerfile"_s));
    QCOMPARE(stages.size(), 1);
    const QStringList &image = stages.first();
    QCOMPARE(image.first(), u"FROM debian:12"_s);
    QStringList listed;
    for (const QString &command : runCommands(image))
        if (command.startsWith(u"apt-get install"_s))
            for (const QString &word : command.split(u' ', Qt::SkipEmptyParts).mid(2))
                if (!word.startsWith(u'-'))
                    listed.append(word);
    QCOMPARE(listed, QStringList{u"haproxy"_s});
    QVERIFY(run(u"apt-cache"_s, {u"show"_s, u"--no-all-versions"_s, u"haproxy"_s}).exitCode == 0);
    QVERIFY(image.contains(u"COPY haproxy.cfg /etc/haproxy/haproxy.cfg"_s));
    QVERIFY(image.contains(u"USER haproxy"_s));
    QVERIFY(image.contains(
        u"ENTRYPOINT [\"haproxy\", \"-db\", \"-f\", \"/etc/haproxy/haproxy.cfg\"]"_s));
}

QTEST_GUILESS_MAIN(TestDeployment)
#include "tst_deployment.moc"
