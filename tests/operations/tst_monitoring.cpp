// The monitoring files: resources/prometheus/ddalab-broker-alerts.yml as promtool checks it and
// runs its unit tests (each alert fires on its input series), and the Grafana dashboard
// resources/grafana/ddalab-broker.json, whose queries must parse and may name only metrics the
// broker exports (and Prometheus' own `up`), so that a renamed metric cannot leave an empty
// panel or a silent alert.

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString kSource = QStringLiteral(DDALAB_SOURCE_DIR);
const QString kAlerts = kSource + u"/resources/prometheus/ddalab-broker-alerts.yml"_s;
const QString kAlertTests = kSource + u"/resources/prometheus/ddalab-broker-alerts.test.yml"_s;
const QString kDashboard = kSource + u"/resources/grafana/ddalab-broker.json"_s;

// The metrics a replica exports on PostgreSQL beside MetricsHttpController's (see the README's
// "Running several brokers").
const QStringList kReplicaMetrics = {
    u"ddalab_broker_replica_lease_held"_s, u"ddalab_broker_replica_lease_age_seconds"_s,
    u"ddalab_broker_outbox_listener_up"_s, u"ddalab_broker_outbox_lag_seconds"_s,
    u"ddalab_broker_presence_rows"_s,      u"ddalab_broker_replicas_live"_s,
};

struct Run
{
    int exitCode = -1;
    QString output; // standard output and error
};

Run run(const QString &program, const QStringList &arguments, const QString &directory = {},
        const QByteArray &input = {})
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setWorkingDirectory(directory);
    process.start(program, arguments);
    if (!process.waitForStarted(10000))
        return {-1, program + u" does not start (scripts/install-deps --test): "_s +
                        process.errorString()};
    process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(60000);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAll())};
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A YAML file as JSON (python3-yaml, which tst_ops_deployment uses too).
QJsonObject yamlFile(const QString &path)
{
    const Run json =
        run(u"python3"_s,
            {u"-c"_s, u"import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))"_s},
            {}, readFile(path));
    return QJsonDocument::fromJson(json.output.toUtf8()).object();
}

// Every name the broker's /metrics may carry, read from the controller that writes them: a
// histogram's series end in _bucket, _sum and _count.
QSet<QString> exportedMetrics()
{
    const QString controller = QString::fromUtf8(
        readFile(kSource + u"/broker-daemon/operations/MetricsHttpController.cpp"_s));
    static const QRegularExpression written(
        u"out\\.(gauge|counters|histogram)\\(\\s*u\"([a-z_:][a-z0-9_:]*)\""_s);
    QSet<QString> names;
    for (auto it = written.globalMatch(controller); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        const QString name = match.captured(2);
        if (match.captured(1) == "histogram"_L1)
            names.unite({name + u"_bucket"_s, name + u"_sum"_s, name + u"_count"_s});
        else
            names.insert(name);
    }
    return names;
}

// The metric names a PromQL expression selects: identifiers that are not functions,
// keywords, label names or values, durations or grouping labels.
QStringList metricNames(QString expr)
{
    static const QRegularExpression strings(u"\"(?:[^\"\\\\]|\\\\.)*\""_s);
    static const QRegularExpression matchers(u"\\{[^}]*\\}"_s);
    static const QRegularExpression ranges(u"\\[[^\\]]*\\]"_s);
    static const QRegularExpression grouping(
        u"\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)"_s);
    static const QRegularExpression identifier(
        u"(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)\\b(?!\\s*\\()"_s);
    static const QSet<QString> keywords = {
        u"by"_s, u"without"_s, u"on"_s,         u"ignoring"_s,    u"bool"_s, u"offset"_s, u"and"_s,
        u"or"_s, u"unless"_s,  u"group_left"_s, u"group_right"_s, u"inf"_s,  u"nan"_s};
    expr.remove(strings).remove(matchers).remove(ranges).remove(grouping);
    QStringList names;
    for (auto it = identifier.globalMatch(expr); it.hasNext();) {
        const QString name = it.next().captured(1);
        if (!keywords.contains(name.toLower()))
            names.append(name);
    }
    return names;
}

// The dashboard's queries, with its $job variable at its default.
QStringList dashboardExprs(const QJsonObject &dashboard)
{
    QStringList exprs;
    for (const QJsonValue &panel : dashboard.value("panels"_L1).toArray())
        for (const QJsonValue &target : panel.toObject().value("targets"_L1).toArray())
            exprs.append(target.toObject().value("expr"_L1).toString().replace(u"$job"_s,
                                                                               u"ddalab-broker"_s));
    return exprs;
}

} // namespace

class TestMonitoring : public QObject
{
    Q_OBJECT

private slots:
    void metricNamesAreReadFromExpressions();
    void alertRulesPassPromtool();
    void everyAlertFiresInItsUnitTest();
    void alertsNameExportedMetrics();
    void dashboardIsImportable();
    void dashboardQueriesParse();
    void dashboardNamesExportedMetrics();
};

void TestMonitoring::metricNamesAreReadFromExpressions()
{
    QCOMPARE(metricNames(u"histogram_quantile(0.99, sum by (instance, le) "
                         "(rate(a_bucket{job=\"x\", le=~\"1|2\"}[5m])))"_s),
             QStringList{u"a_bucket"_s});
    QCOMPARE(metricNames(u"up{job=\"$job\"} == 0 and on (instance) b offset 5m > bool 1"_s),
             (QStringList{u"up"_s, u"b"_s}));
    QCOMPARE(metricNames(u"rate(c_total[5m]) > 0"_s), QStringList{u"c_total"_s});
}

void TestMonitoring::alertRulesPassPromtool()
{
    const Run check = run(u"promtool"_s, {u"check"_s, u"rules"_s, kAlerts});
    QVERIFY2(check.exitCode == 0, qPrintable(check.output));
    QVERIFY2(check.output.contains(u"SUCCESS: 5 rules found"_s), qPrintable(check.output));
}

void TestMonitoring::everyAlertFiresInItsUnitTest()
{
    const QJsonObject rules = yamlFile(kAlerts);
    QSet<QString> alerts;
    for (const QJsonValue &group : rules.value("groups"_L1).toArray())
        for (const QJsonValue &rule : group.toObject().value("rules"_L1).toArray()) {
            const QJsonObject object = rule.toObject();
            const QString name = object.value("alert"_L1).toString();
            alerts.insert(name);
            const QJsonObject annotations = object.value("annotations"_L1).toObject();
            QVERIFY2(!annotations.value("summary"_L1).toString().isEmpty(), qPrintable(name));
            QVERIFY2(!annotations.value("description"_L1).toString().isEmpty(), qPrintable(name));
        }
    QCOMPARE(alerts, (QSet<QString>{u"DdalabBrokerDown"_s, u"DdalabReplicaLeaseLost"_s,
                                    u"DdalabOutboxListenerDown"_s, u"DdalabOutboxLag"_s,
                                    u"DdalabStorageErrors"_s}));

    // The unit tests expect each alert both silent and firing.
    QSet<QString> fired, silent;
    for (const QJsonValue &test : yamlFile(kAlertTests).value("tests"_L1).toArray())
        for (const QJsonValue &expected : test.toObject().value("alert_rule_test"_L1).toArray()) {
            const QJsonObject object = expected.toObject();
            const QString name = object.value("alertname"_L1).toString();
            (object.value("exp_alerts"_L1).toArray().isEmpty() ? silent : fired).insert(name);
        }
    QCOMPARE(fired, alerts);
    QCOMPARE(silent, alerts);

    // Run where the test file is: it names the rules file relative to itself.
    const Run tested = run(u"promtool"_s, {u"test"_s, u"rules"_s, kAlertTests},
                           kSource + u"/resources/prometheus"_s);
    QVERIFY2(tested.exitCode == 0 && tested.output.contains(u"SUCCESS"_s),
             qPrintable(tested.output));
}

void TestMonitoring::alertsNameExportedMetrics()
{
    QSet<QString> allowed = exportedMetrics();
    allowed.unite(QSet<QString>(kReplicaMetrics.cbegin(), kReplicaMetrics.cend()));
    allowed.insert(u"up"_s);
    for (const QJsonValue &group : yamlFile(kAlerts).value("groups"_L1).toArray())
        for (const QJsonValue &rule : group.toObject().value("rules"_L1).toArray()) {
            const QString expr = rule.toObject().value("expr"_L1).toString();
            const QStringList names = metricNames(expr);
            QVERIFY2(!names.isEmpty(), qPrintable(expr));
            for (const QString &name : names)
                QVERIFY2(allowed.contains(name), qPrintable(name + u" in "_s + expr));
        }
}

void TestMonitoring::dashboardIsImportable()
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(readFile(kDashboard), &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    const QJsonObject dashboard = document.object();
    QVERIFY(dashboard.value("schemaVersion"_L1).toInt() >= 36);
    QVERIFY(!dashboard.value("title"_L1).toString().isEmpty());
    QVERIFY(!dashboard.value("uid"_L1).toString().isEmpty());
    // The data source is chosen on import.
    const QJsonArray inputs = dashboard.value("__inputs"_L1).toArray();
    QCOMPARE(inputs.size(), 1);
    QCOMPARE(inputs.first().toObject().value("name"_L1).toString(), u"DS_PROMETHEUS"_s);
    QCOMPARE(inputs.first().toObject().value("pluginId"_L1).toString(), u"prometheus"_s);

    const QJsonArray panels = dashboard.value("panels"_L1).toArray();
    QVERIFY(panels.size() >= 10);
    QSet<int> ids;
    for (const QJsonValue &value : panels) {
        const QJsonObject panel = value.toObject();
        const QString title = panel.value("title"_L1).toString();
        QVERIFY(!title.isEmpty());
        ids.insert(panel.value("id"_L1).toInt());
        QCOMPARE(panel.value("datasource"_L1).toObject().value("uid"_L1).toString(),
                 u"${DS_PROMETHEUS}"_s);
        const QJsonArray targets = panel.value("targets"_L1).toArray();
        QVERIFY2(!targets.isEmpty(), qPrintable(title));
        // One line per replica.
        for (const QJsonValue &target : targets)
            QVERIFY2(target.toObject().value("legendFormat"_L1).toString() == "{{instance}}"_L1,
                     qPrintable(title));
    }
    QCOMPARE(ids.size(), panels.size());
}

// promtool parses the queries when they are recording rules.
void TestMonitoring::dashboardQueriesParse()
{
    const QStringList exprs =
        dashboardExprs(QJsonDocument::fromJson(readFile(kDashboard)).object());
    QJsonArray rules;
    for (int i = 0; i < exprs.size(); ++i)
        rules.append(
            QJsonObject{{u"record"_s, u"dashboard:panel_%1"_s.arg(i)}, {u"expr"_s, exprs[i]}});
    const QJsonObject file{
        {u"groups"_s, QJsonArray{QJsonObject{{u"name"_s, u"dashboard"_s}, {u"rules"_s, rules}}}}};
    QTemporaryDir dir;
    QFile rulesFile(dir.filePath(u"dashboard.yml"_s)); // JSON is YAML
    QVERIFY(rulesFile.open(QIODevice::WriteOnly));
    rulesFile.write(QJsonDocument(file).toJson());
    rulesFile.close();
    const Run check = run(u"promtool"_s, {u"check"_s, u"rules"_s, rulesFile.fileName()});
    QVERIFY2(check.exitCode == 0, qPrintable(check.output));
    QVERIFY2(check.output.contains(u"SUCCESS: %1 rules found"_s.arg(exprs.size())),
             qPrintable(check.output));
}

void TestMonitoring::dashboardNamesExportedMetrics()
{
    const QSet<QString> exported = exportedMetrics();
    // The controller's metrics the dashboard shows are read from the controller itself.
    for (const QString &name :
         {u"ddalab_broker_registered_connections"_s, u"ddalab_broker_users_online"_s,
          u"ddalab_broker_request_duration_seconds_bucket"_s,
          u"ddalab_broker_storage_failed_transactions_total"_s})
        QVERIFY2(exported.contains(name), qPrintable(name));
    QSet<QString> allowed = exported;
    allowed.unite(QSet<QString>(kReplicaMetrics.cbegin(), kReplicaMetrics.cend()));
    allowed.insert(u"up"_s);

    QSet<QString> shown;
    for (const QString &expr :
         dashboardExprs(QJsonDocument::fromJson(readFile(kDashboard)).object())) {
        const QStringList names = metricNames(expr);
        QVERIFY2(!names.isEmpty(), qPrintable(expr));
        for (const QString &name : names) {
            QVERIFY2(allowed.contains(name), qPrintable(name + u" in "_s + expr));
            shown.insert(name);
        }
    }
    // A panel for every replica metric and the ones operators watch most.
    for (const QString &name :
         kReplicaMetrics + QStringList{u"up"_s, u"ddalab_broker_registered_connections"_s,
                                       u"ddalab_broker_users_online"_s,
                                       u"ddalab_broker_request_duration_seconds_bucket"_s,
                                       u"ddalab_broker_storage_failed_transactions_total"_s})
        QVERIFY2(shown.contains(name), qPrintable(name));
}

QTEST_GUILESS_MAIN(TestMonitoring)
#include "tst_monitoring.moc"
