// CONFIG_FILE: the KEY=VALUE format it is read in, and where its values stand between the
// command line and the environment.

#include "config/ConfigParser.h"
#include "config/EnvFile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ddalab;

class TestConfigFile : public QObject
{
    Q_OBJECT

private slots:
    void parsesTheEnvironmentFileFormat();
    void refusesLinesThatAreNotAssignments_data();
    void refusesLinesThatAreNotAssignments();
    void sitsBetweenCommandLineAndEnvironment();
    void namesWhatItIgnores();
};

void TestConfigFile::parsesTheEnvironmentFileFormat()
{
    QString error;
    const auto values = EnvFile::parse(u"# a comment\n"
                                       "\n"
                                       "; another comment\n"
                                       "PLAIN=value with spaces  \n"
                                       "export EXPORTED=1\n"
                                       "EMPTY=\n"
                                       "SINGLE='literal \\\" $HOME'\n"
                                       "DOUBLE=\"say \\\"hi\\\" \\\\ \\$HOME\"\n"
                                       "  INDENTED = yes\n"
                                       "REPEATED=first\n"
                                       "REPEATED=second\n"_s,
                                       &error);
    QVERIFY2(values, qPrintable(error));
    QCOMPARE(*values, (QHash<QString, QString>{{u"PLAIN"_s, u"value with spaces"_s},
                                               {u"EXPORTED"_s, u"1"_s},
                                               {u"EMPTY"_s, QString()},
                                               {u"SINGLE"_s, u"literal \\\" $HOME"_s},
                                               {u"DOUBLE"_s, u"say \"hi\" \\ $HOME"_s},
                                               {u"INDENTED"_s, u"yes"_s},
                                               {u"REPEATED"_s, u"second"_s}}));
}

void TestConfigFile::refusesLinesThatAreNotAssignments_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no equals") << u"A=1\nJUST_A_WORD\n"_s << u"line 2 is not KEY=VALUE"_s;
    QTest::newRow("bad key") << u"1A=1\n"_s << u"line 1 is not KEY=VALUE"_s;
    QTest::newRow("open quote") << u"A=\"open\n"_s << u"line 1 is not KEY=VALUE"_s;
    QTest::newRow("two values") << u"A=\"one\" \"two\"\n"_s << u"line 1 is not KEY=VALUE"_s;
}

void TestConfigFile::refusesLinesThatAreNotAssignments()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QString error;
    QVERIFY(!EnvFile::parse(text, &error));
    // The line, never its content: the file may hold secrets.
    QCOMPARE(error, expected);
}

void TestConfigFile::sitsBetweenCommandLineAndEnvironment()
{
    QTemporaryDir dir;
    QFile file(dir.filePath(u"broker.env"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("RATE_LIMIT_BURST=7\nMAX_CONNECTIONS_PER_ADDRESS=8\n");
    file.close();
    QProcessEnvironment environment;
    environment.insert(u"HOME"_s, dir.path());
    environment.insert(u"CONFIG_FILE"_s, file.fileName());
    environment.insert(u"RATE_LIMIT_BURST"_s, u"100"_s);
    environment.insert(u"MAX_CONNECTIONS_PER_ADDRESS"_s, u"100"_s);
    environment.insert(u"REGISTER_TIMEOUT_SECONDS"_s, u"9"_s);

    const ConfigResult parsed = ConfigParser::parse(
        {u"ddalab-broker"_s, u"--max-connections-per-address"_s, u"3"_s}, environment);
    QVERIFY(std::holds_alternative<Config>(parsed));
    const Config &config = std::get<Config>(parsed);
    QCOMPARE(config.limits.maxConnectionsPerAddress, 3);        // command line
    QCOMPARE(config.limits.shareRateBurst, 7);                  // file over environment
    QCOMPARE(config.limits.registerTimeout.count(), qint64(9)); // environment
    QCOMPARE(config.operation.configFile, file.fileName());
}

void TestConfigFile::namesWhatItIgnores()
{
    QTemporaryDir dir;
    QFile file(dir.filePath(u"broker.env"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("RATE_LIMT_BURST=7\nCONFIG_FILE=/elsewhere\nTZ=UTC\n");
    file.close();
    QProcessEnvironment environment;
    environment.insert(u"HOME"_s, dir.path());
    const ConfigResult parsed =
        ConfigParser::parse({u"ddalab-broker"_s, u"--config-file"_s, file.fileName()}, environment);
    QVERIFY(std::holds_alternative<Config>(parsed));
    QCOMPARE(
        std::get<Config>(parsed).operation.configFileWarnings,
        (QStringList{u"CONFIG_FILE: CONFIG_FILE is not a setting of this broker; ignored"_s,
                     u"CONFIG_FILE: RATE_LIMT_BURST is not a setting of this broker; ignored"_s,
                     u"CONFIG_FILE: TZ is not a setting of this broker; ignored"_s}));

    const ConfigResult missing = ConfigParser::parse(
        {u"ddalab-broker"_s, u"--config-file"_s, dir.filePath(u"absent"_s)}, environment);
    QVERIFY(std::holds_alternative<ConfigError>(missing));
    QCOMPARE(std::get<ConfigError>(missing).setting, u"CONFIG_FILE"_s);
}

QTEST_GUILESS_MAIN(TestConfigFile)
#include "tst_configfile.moc"
