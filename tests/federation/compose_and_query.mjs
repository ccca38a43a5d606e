// Composes the hub's subgraph SDL with a second subgraph and queries across both.
//
//   node compose_and_query.mjs <hub /graphql URL> <USCC of an entity the public can read>
//
// 1. fetches the hub's SDL from its `_service { sdl }`;
// 2. starts the second subgraph (@apollo/subgraph), which extends MarketEntity by `uscc`
//    with `extraFromSecondSubgraph`;
// 3. composes both with the real @apollo/composition (composeServices), failing on any
//    composition error;
// 4. starts a real @apollo/gateway on the composed supergraph, served by @apollo/server,
//    and runs one query crossing both subgraphs; prints `RESULT <json>`.
import { composeServices } from "@apollo/composition";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import gql from "graphql-tag";

const [hubUrl, uscc] = process.argv.slice(2);
if (!hubUrl || !uscc) {
  console.error("usage: node compose_and_query.mjs <hub /graphql URL> <uscc>");
  process.exit(2);
}

async function post(url, query, variables) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (!response.ok) {
    throw new Error(`${url} answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return body;
}

const servers = [];
async function main() {
  const hubSdl = (await post(hubUrl, "{ _service { sdl } }")).data._service.sdl;

  const secondTypeDefs = gql`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.11", import: ["@key"])

    type MarketEntity @key(fields: "uscc") {
      uscc: String!
      "Provided by the second subgraph only"
      extraFromSecondSubgraph: String!
    }

    type Query {
      secondSubgraphVersion: String!
    }
  `;
  const second = new ApolloServer({
    schema: buildSubgraphSchema({
      typeDefs: secondTypeDefs,
      resolvers: {
        Query: { secondSubgraphVersion: () => "1" },
        MarketEntity: {
          __resolveReference: (reference) => ({ uscc: reference.uscc }),
          extraFromSecondSubgraph: (entity) => `second subgraph saw ${entity.uscc}`,
        },
      },
    }),
  });
  servers.push(second);
  const { url: secondUrl } = await startStandaloneServer(second, { listen: { port: 0, host: "127.0.0.1" } });

  const composition = composeServices([
    { name: "hub", typeDefs: parse(hubSdl), url: hubUrl },
    { name: "second", typeDefs: secondTypeDefs, url: secondUrl },
  ]);
  if (composition.errors) {
    console.error("composition errors:");
    for (const error of composition.errors) console.error(`  ${error.message}`);
    process.exitCode = 1;
    return;
  }
  for (const hint of composition.hints ?? []) console.log(`composition hint: ${hint.definition.code}`);
  console.log("composition: ok");

  const gateway = new ApolloServer({
    gateway: new ApolloGateway({ supergraphSdl: composition.supergraphSdl }),
  });
  servers.push(gateway);
  const { url: gatewayUrl } = await startStandaloneServer(gateway, { listen: { port: 0, host: "127.0.0.1" } });

  const result = await post(
    gatewayUrl,
    "query ($uscc: String!) { entity(uscc: $uscc) { uscc name extraFromSecondSubgraph } }",
    { uscc },
  );
  console.log(`RESULT ${JSON.stringify(result)}`);
  const entity = result.data?.entity;
  if (result.errors || !entity?.name || entity.extraFromSecondSubgraph !== `second subgraph saw ${uscc}`) {
    console.error("the crossing query did not return data from both subgraphs");
    process.exitCode = 1;
  }
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  for (const server of servers.reverse()) await server.stop();
}
