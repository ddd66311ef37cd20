#include "websocket/TeamWsHandler.h"

#include "services/TeamService.h"
#include "websocket/Session.h"

namespace ddalab {

using namespace Qt::StringLiterals;
using namespace protocol;

void TeamWsHandler::handle(Session &session, const ListTeams &, const ReplySink &reply)
{
    m_teams.teamsOf(*session.boundUserId(), &session, [reply](const MembershipsResult &result) {
        if (result.status == MembershipsResult::Status::Failed)
            reply(Error{ErrorCode::StorageError, u"the teams could not be read"_s});
        else
            reply(TeamList{result.teams});
    });
}

} // namespace ddalab
