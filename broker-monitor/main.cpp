#include "ConnectionStore.h"
#include "MainWindow.h"
#include "MonitorSession.h"
#include "ScreenshotTaker.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <QTextStream>

using namespace ddalab::monitor;
using namespace Qt::StringLiterals;

namespace {

constexpr int kExitBadOption = 2;

int fail(const QString &reason)
{
    QTextStream(stderr) << QCoreApplication::applicationName() << ": " << reason << '\n';
    return kExitBadOption;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    app.setOrganizationName(u"DDALAB"_s);
    app.setApplicationName(u"ddalab-broker-monitor"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Watches a DDALAB sync broker live: who is online, what is shared, how the broker is "
        "doing. Without --url it connects to the remembered broker or asks for one."_s);
    parser.addHelpOption();
    const QCommandLineOption urlOption(
        u"url"_s,
        u"connect to this broker at once and remember nothing (kiosk use), e.g. "
        "ws://broker.lab:8080/ws; the admin token comes from DDALAB_MONITOR_TOKEN"_s,
        u"url"_s);
    const QCommandLineOption caOption(
        u"ca-file"_s, u"with --url and wss://: PEM certificates to trust"_s, u"file"_s);
    const QCommandLineOption screenshotOption(
        u"screenshot"_s,
        u"save the window as PNG to this file once live data has come in for "
        "--screenshot-delay seconds, then quit"_s,
        u"file"_s);
    const QCommandLineOption delayOption(u"screenshot-delay"_s,
                                         u"seconds of live data before the screenshot (10)"_s,
                                         u"seconds"_s, u"10"_s);
    parser.addOptions({urlOption, caOption, screenshotOption, delayOption});
    parser.process(app);

    MonitorSession session;
    QSettings settings;
    // A kiosk started with --url leaves the remembered connection alone.
    const bool kiosk = parser.isSet(urlOption);
    ConnectionStore store(settings, true);
    MainWindow window(session, kiosk ? nullptr : &store);

    std::unique_ptr<ScreenshotTaker> screenshot;
    if (parser.isSet(screenshotOption)) {
        bool ok = false;
        const int delay = parser.value(delayOption).toInt(&ok);
        if (!ok || delay < 0)
            return fail(u"--screenshot-delay must be a number of seconds"_s);
        screenshot = std::make_unique<ScreenshotTaker>(window, session,
                                                       parser.value(screenshotOption), delay);
    }

    window.show();
    if (kiosk) {
        QString error;
        const QString typed = parser.value(urlOption);
        const bool tls = typed.startsWith(u"wss:"_s) || typed.startsWith(u"https:"_s);
        const auto url = ConnectionSettings::brokerUrl(typed, tls, &error);
        if (!url)
            return fail(u"--url: "_s + error);
        const ConnectionSettings connection{*url, qEnvironmentVariable("DDALAB_MONITOR_TOKEN"),
                                            parser.value(caOption)};
        if (connection.token.isEmpty())
            QTextStream(stderr) << "ddalab-broker-monitor: DDALAB_MONITOR_TOKEN is not set; the "
                                   "broker will refuse the monitor feed without an admin token\n";
        if (!window.connectTo(connection, &error))
            return fail(u"--ca-file: "_s + error);
    } else {
        // Connect at once to a remembered broker; ask when there is none (or no token).
        store.load([&window](std::optional<ConnectionSettings> remembered) {
            if (!remembered || remembered->token.isEmpty() || !window.connectTo(*remembered))
                window.showConnectionDialog(remembered);
        });
    }
    return app.exec();
}
