#include "DemoLab.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTimer>

using namespace Qt::StringLiterals;

// Simulated DDALAB desktops for screenshots and demonstrations (scripts/monitor-screenshot).
int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    app.setApplicationName(u"ddalab-broker-demo-desktops"_s);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Connects made-up lab desktops to a broker: they register, heartbeat, publish, revoke "
        "and come and go until stopped."_s);
    parser.addHelpOption();
    const QCommandLineOption urlOption(u"url"_s, u"the broker, e.g. ws://127.0.0.1:8080/ws"_s,
                                       u"url"_s);
    const QCommandLineOption usersOption(u"users"_s, u"how many users (12)"_s, u"count"_s, u"12"_s);
    parser.addOptions({urlOption, usersOption});
    parser.process(app);
    if (!parser.isSet(urlOption))
        parser.showHelp(2);

    ddalab::demo::DemoLab lab(QUrl(parser.value(urlOption)),
                              std::max(1, parser.value(usersOption).toInt()));
    lab.start();
    return app.exec();
}
